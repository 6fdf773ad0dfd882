import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * Labelled form controls: a visible label tied to its input, the error (in the person's language)
 * right under it, announced and linked by aria-describedby, the input marked aria-invalid.
 */
interface FieldShell {
  label: string;
  error?: string | null;
  hint?: string;
}

function Described({ id, hint, error }: { id: string; hint?: string; error?: string | null }) {
  return (
    <>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface InputProps extends FieldShell {
  value: string;
  onValue(value: string): void;
  type?: 'text' | 'number' | 'url' | 'search' | 'email';
  inputMode?: 'text' | 'decimal' | 'numeric' | 'url' | 'search';
  step?: string;
  min?: string;
  max?: string;
  maxLength?: number;
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  name?: string;
}

export function TextField({ label, error, hint, value, onValue, type, ...rest }: InputProps) {
  const id = useId();
  // Numbers are typed as text with a decimal keypad: a French phone types "3,5", which an
  // <input type=number> refuses in many browsers. The form parses both separators.
  const textual = (type === 'number' ? 'text' : (type ?? 'text')) as 'text';
  if (type === 'number') {
    delete rest.step;
    delete rest.min;
    delete rest.max;
    rest.inputMode ??= 'decimal';
  }
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type={textual}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
      <Described id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * What a person typed in a number field (see TextField): "3,5" and "3.5" alike, a typographic
 * minus too; null when empty, NaN when it is not a number.
 */
export function parseDecimal(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text.trim().replace(',', '.').replace('−', '-'));
  return Number.isFinite(n) ? n : NaN;
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = FieldShell & { value: string; options: Option[]; onValue(value: string): void; name?: string };

export function SelectField({ label, error, hint, value, options, onValue, name }: SelectProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(e) => onValue(e.currentTarget.value)} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Described id={id} hint={hint} error={error} />
    </div>
  );
}

/** A group of choices (radio buttons drawn as chips): one value, a visible legend. */
export function ChoiceGroup({ legend, value, options, onValue, error, name, tiles }: { legend: string; value: string; options: (Option & { icon?: ComponentChildren })[]; onValue(value: string): void; error?: string | null; name: string; tiles?: boolean }) {
  const id = useId();
  return (
    <fieldset class={`choices${tiles ? ' choices-tiles' : ''}${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div class="choice-list">
        {options.map((o) => (
          <label key={o.value} class={`choice${o.value === value ? ' is-checked' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onValue(o.value)} />
            {o.icon ?? null}
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <Described id={id} error={error} />
    </fieldset>
  );
}

/** An on/off switch with its label and one sentence saying what it does. */
export function Switch({ label, checked, onChange, description, disabled }: { label: string; checked: boolean; onChange(next: boolean): void; description?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div class="switch-row">
      <div class="switch-text">
        <label for={id}>{label}</label>
        {description ? (
          <p class="field-hint" id={`${id}-hint`}>
            {description}
          </p>
        ) : null}
      </div>
      <input id={id} type="checkbox" role="switch" class="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} aria-describedby={description ? `${id}-hint` : undefined} />
    </div>
  );
}

/**
 * Several choices (checkboxes drawn as chips), e.g. a garment's colours. `more` folds the less
 * likely options under a disclosure so a phone screen shows the likely ones first.
 */
export function CheckGroup({ legend, hint, values, options, onValues, more }: { legend: string; hint?: string; values: string[]; options: (Option & { icon?: ComponentChildren })[]; onValues(values: string[]): void; more?: { label: string; options: (Option & { icon?: ComponentChildren })[] } }) {
  const id = useId();
  const chip = (o: Option & { icon?: ComponentChildren }) => {
    const checked = values.includes(o.value);
    return (
      <label key={o.value} class={`choice${checked ? ' is-checked' : ''}`}>
        <input type="checkbox" value={o.value} checked={checked} onChange={() => onValues(checked ? values.filter((v) => v !== o.value) : [...values, o.value])} />
        {o.icon ?? null}
        <span>{o.label}</span>
      </label>
    );
  };
  return (
    <fieldset class="choices" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div class="choice-list">{options.map(chip)}</div>
      {more && more.options.length ? (
        <details class="more-colors">
          <summary>{more.label}</summary>
          <div class="choice-list">{more.options.map(chip)}</div>
        </details>
      ) : null}
    </fieldset>
  );
}

/** A file input with its label, and its error under it like the other fields. */
export function FileField({ label, error, hint, accept, onFile }: FieldShell & { accept?: string; onFile(file: File | null): void }) {
  const id = useId();
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <input id={id} type="file" accept={accept} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)} onChange={(e) => onFile(e.currentTarget.files?.[0] ?? null)} />
      <Described id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * The end of every form: the error that belongs to no single field (announced), then the submit
 * button and, when the form can be left, a cancel button. While `busy`, both are disabled so a
 * second tap neither sends twice nor drops a request in flight, and the submit button says
 * `busyLabel` when given.
 */
export function FormFooter({ error, busy, submitLabel, busyLabel, cancelLabel, onCancel }: { error?: string | null; busy: boolean; submitLabel: string; busyLabel?: string; cancelLabel?: string; onCancel?(): void }) {
  return (
    <>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="button" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy && busyLabel ? busyLabel : submitLabel}
        </button>
        {onCancel && cancelLabel ? (
          <button type="button" class="button button-secondary" onClick={onCancel} disabled={busy}>
            {cancelLabel}
          </button>
        ) : null}
      </div>
    </>
  );
}
