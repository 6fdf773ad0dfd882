import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '@app/core/api';
import { camelFromCode, showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { Binding, Consents, Device, ListenSession, Supply } from '@app/core/types';
import { ChoiceGroup, FormFooter, parseDecimal, SelectField, TextField } from '@app/widgets/fields';

type Field = 'topic' | 'pointer' | 'unit' | 'scale' | 'offset' | 'form';
type Errors = Partial<Record<Field, string>>;

/** Where a binding error belongs (the server's codes); anything else is the form's. */
const FIELD_OF_CODE: Record<string, Field> = {
  BAD_TOPIC: 'topic',
  MQTT_OFF: 'topic',
  MQTT_UNREACHABLE: 'topic',
  TOO_MANY_LISTENERS: 'topic',
  BAD_POINTER: 'pointer',
  DUPLICATE: 'pointer',
  WRONG_UNIT: 'unit',
  ZERO_SCALE: 'scale',
};

/** Units of the same kind as the supply's (the server converts them); the supply's own first. */
const FAMILIES = [
  ['L', 'cl', 'ml'],
  ['kg', 'g', 'lb', 'oz'],
  ['m', 'cm', 'mm'],
];
function unitsFor(supplyUnit: string): string[] {
  const family = FAMILIES.find((f) => f.some((u) => u.toLowerCase() === supplyUnit.toLowerCase())) ?? [];
  return [supplyUnit, ...family.filter((u) => u.toLowerCase() !== supplyUnit.toLowerCase())];
}

/** The error a failed request shows, on the field it concerns, in the person's language. */
function placed(err: unknown, i18n: ReturnType<typeof useSession>['i18n']): Errors {
  const shown = showError(err, i18n);
  if (!(err instanceof ApiError)) return { form: shown.message };
  const key = `app.bindings.problems.${camelFromCode(err.code)}`;
  const message = i18n.has(key) ? i18n.t(key) : shown.message;
  return { [FIELD_OF_CODE[err.code] ?? 'form']: message };
}

/**
 * "Feed from a sensor you already have": the supply's bindings (a topic its device already
 * publishes, the field in it, unit, scale and offset) with their last value, and a form whose
 * "Listen" shows the messages arriving on the topic so a person taps the number to use. Telemetry
 * consent off is said, with the way to Privacy: readings would be refused.
 */
export function SupplyBindings({ supply }: { supply: Supply }) {
  const { api, i18n, household } = useSession();
  const bindings = useResource((a) => a.get<{ bindings: Binding[] }>('/api/v1/bindings'), [], ['stock.updated']);
  const consents = useResource((a) => a.get<{ consents: Consents }>('/api/v1/privacy/consents'), []);
  const devices = useResource((a) => a.get<{ devices: Device[] }>('/api/v1/devices'), []);
  const [editing, setEditing] = useState<Binding | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine = (bindings.data?.bindings ?? []).filter((b) => b.supplyId === supply.id);
  const titleId = `bindings-${supply.id}`;
  const when = (iso: string) => i18n.date(iso, household.timezone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

  const remove = async (b: Binding) => {
    if (confirming !== b.id) {
      setConfirming(b.id);
      return;
    }
    setConfirming(null);
    try {
      await api.delete(`/api/v1/bindings/${b.id}`);
      setError(null);
      await bindings.reload();
    } catch (err) {
      setError(showError(err, i18n).message);
    }
  };

  return (
    <section class="bindings" aria-labelledby={titleId}>
      <h3 id={titleId}>{i18n.t('app.bindings.title')}</h3>
      <p class="muted">{i18n.t('app.bindings.intro')}</p>
      {consents.data && !consents.data.consents.telemetry ? (
        <p class="notice" role="status">
          {i18n.t('app.bindings.consentOff')} <a href="#/privacy">{i18n.t('app.bindings.toPrivacy')}</a>
        </p>
      ) : null}
      {mine.length ? (
        <ul class="order-list">
          {mine.map((b) => (
            <li key={b.id} class="order binding" aria-labelledby={`binding-${b.id}`}>
              <h4 id={`binding-${b.id}`}>
                <code>{b.topic}</code>
              </h4>
              <p class="muted">
                {i18n.t('app.bindings.reads', { pointer: b.pointer || i18n.t('app.bindings.wholePayload'), unit: b.unit })}
                {b.scale !== 1 || b.offset !== 0 ? ` · ${i18n.t('app.bindings.formula', { scale: i18n.number(b.scale), offset: i18n.number(b.offset) })}` : ''}
              </p>
              <p>
                {b.lastMessage
                  ? b.lastMessage.outcome === 'stored' && b.lastMessage.level !== undefined
                    ? i18n.t('app.bindings.lastStored', { level: `${i18n.number(b.lastMessage.level, { maximumFractionDigits: 2 })} ${supply.unit}`, when: when(b.lastMessage.at) })
                    : i18n.t('app.bindings.lastOutcome', { outcome: i18n.t(`app.bindings.outcomes.${b.lastMessage.outcome}`), when: when(b.lastMessage.at) })
                  : i18n.t('app.bindings.nothingYet')}
              </p>
              {editing !== null && editing !== 'new' && editing.id === b.id ? null : (
                <div class="actions">
                  <button type="button" class="button button-small button-secondary" aria-describedby={`binding-${b.id}`} onClick={() => setEditing(b)}>
                    {i18n.t('app.bindings.edit')}
                  </button>
                  <button type="button" class="button button-small button-danger" aria-describedby={`binding-${b.id}`} onClick={() => void remove(b)}>
                    {confirming === b.id ? i18n.t('app.bindings.deleteConfirm') : i18n.t('app.common.delete')}
                  </button>
                </div>
              )}
              {editing !== null && editing !== 'new' && editing.id === b.id ? (
                <BindingForm
                  supply={supply}
                  binding={b}
                  devices={devices.data?.devices ?? []}
                  onCancel={() => setEditing(null)}
                  onDone={() => {
                    setEditing(null);
                    void bindings.reload();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : bindings.data ? (
        <p class="muted">{i18n.t('app.bindings.none')}</p>
      ) : null}
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {editing === 'new' ? (
        <BindingForm
          supply={supply}
          devices={devices.data?.devices ?? []}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            void Promise.all([bindings.reload(), devices.reload(), consents.reload()]);
          }}
        />
      ) : editing === null ? (
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => setEditing('new')}>
            {i18n.t('app.bindings.add')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The newest of each different message, three at most: a sensor repeating its state every second
 * would otherwise push the one a person is looking at off the screen.
 */
function distinct(messages: ListenSession['messages']): ListenSession['messages'] {
  const seen = new Set<string>();
  const kept: ListenSession['messages'] = [];
  for (const m of messages) {
    const key = `${m.topic}\n${m.payload}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(m);
    if (kept.length === 3) break;
  }
  return kept;
}

/** How often the form asks the listen helper for new messages while it listens. */
const POLL_MS = 1000;

function BindingForm({ supply, binding, devices, onDone, onCancel }: { supply: Supply; binding?: Binding; devices: Device[]; onDone(): void; onCancel(): void }) {
  const { api, i18n, household } = useSession();
  const [topic, setTopic] = useState(binding?.topic ?? '');
  const [pointer, setPointer] = useState(binding?.pointer ?? '');
  const units = unitsFor(supply.unit);
  const [unit, setUnit] = useState(binding?.unit ?? units[0]);
  const [scale, setScale] = useState(binding ? i18n.decimal(binding.scale) : '1');
  const [offset, setOffset] = useState(binding ? i18n.decimal(binding.offset) : '0');
  // A device of this household (the one a new binding is recorded under); '' = a new one, named after the topic.
  const [deviceId, setDeviceId] = useState(binding?.deviceId ?? devices.find((d) => d.supplyIds.includes(supply.id))?.id ?? '');
  const [session, setSession] = useState<ListenSession | null>(null);
  const [listening, setListening] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const sessionId = useRef<string | null>(null);

  // Poll the listen session while it lasts; stop it when the form goes away.
  useEffect(() => {
    if (!listening || !session) return;
    const timer = setInterval(() => {
      api.get<ListenSession>(`/api/v1/bindings/listen/${session.id}`).then(
        (s) => setSession(s),
        () => setListening(false),
      );
    }, POLL_MS);
    const ends = setTimeout(() => setListening(false), Math.max(0, Date.parse(session.expiresAt) - Date.now()));
    return () => {
      clearInterval(timer);
      clearTimeout(ends);
    };
  }, [listening, session?.id]);
  useEffect(
    () => () => {
      if (sessionId.current) void api.delete(`/api/v1/bindings/listen/${sessionId.current}`).catch(() => undefined);
    },
    [],
  );

  const listen = async () => {
    if (listening && session) {
      setListening(false);
      sessionId.current = null;
      await api.delete(`/api/v1/bindings/listen/${session.id}`).catch(() => undefined);
      return;
    }
    if (!topic.trim()) {
      setErrors({ topic: i18n.t('app.common.required') });
      return;
    }
    try {
      if (sessionId.current) await api.delete(`/api/v1/bindings/listen/${sessionId.current}`).catch(() => undefined);
      const started = await api.post<ListenSession>('/api/v1/bindings/listen', { topic: topic.trim() });
      sessionId.current = started.id;
      setSession(started);
      setListening(true);
      setErrors({});
    } catch (err) {
      setErrors(placed(err, i18n));
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found: Errors = {};
    const s = parseDecimal(scale);
    const o = parseDecimal(offset);
    if (!topic.trim()) found.topic = i18n.t('app.common.required');
    if (pointer !== '' && !pointer.startsWith('/')) found.pointer = i18n.t('app.bindings.pointerInvalid');
    if (s === null || Number.isNaN(s) || s === 0) found.scale = i18n.t('app.bindings.scaleInvalid');
    if (o === null || Number.isNaN(o)) found.offset = i18n.t('app.bindings.offsetInvalid');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const fields = { topic: topic.trim(), pointer, unit, scale: s as number, offset: o as number };
    try {
      if (binding) {
        await api.patch(`/api/v1/bindings/${binding.id}`, fields);
      } else {
        let device = deviceId;
        if (!device) {
          // Kept in the form: a retry after a refused binding reuses this device, never makes a second.
          const created = await api.post<{ id: string }>('/api/v1/devices', { name: topic.trim().slice(0, 80), kind: 'sensor', supplyIds: [supply.id] });
          device = created.id;
          setDeviceId(device);
        }
        await api.post('/api/v1/bindings', { ...fields, deviceId: device, supplyId: supply.id });
      }
      onDone();
    } catch (err) {
      setErrors(placed(err, i18n));
    } finally {
      setBusy(false);
    }
  };

  const time = (iso: string) => i18n.date(iso, household.timezone, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <form class="binding-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy} aria-label={binding ? i18n.t('app.bindings.editTitle') : i18n.t('app.bindings.add')}>
      <TextField label={i18n.t('app.bindings.topic')} hint={i18n.t('app.bindings.topicHint')} value={topic} onValue={setTopic} error={errors.topic} maxLength={200} autoComplete="off" placeholder="zigbee2mqtt/…" />
      <div class="actions">
        <button type="button" class="button button-secondary" onClick={() => void listen()}>
          {listening ? i18n.t('app.bindings.stopListening') : i18n.t('app.bindings.listen')}
        </button>
      </div>
      {session ? (
        <div class="listened" aria-live="polite">
          <p class="muted">{listening ? i18n.t('app.bindings.listening', { topic: session.topic }) : i18n.t('app.bindings.listened')}</p>
          {session.messages.length === 0 ? <p class="muted">{i18n.t('app.bindings.noMessage')}</p> : null}
          {distinct(session.messages).map((m, index) => (
            <div class="listened-message" key={`${m.receivedAt}-${index}`}>
              {m.fields.length ? (
                <ChoiceGroup
                  legend={`${time(m.receivedAt)} · ${m.topic}${m.retained ? ` · ${i18n.t('app.bindings.retained')}` : ''}`}
                  name={`listened-${index}`}
                  value={pointer}
                  onValue={(p) => {
                    setPointer(p);
                    if (topic.includes('+') || topic.includes('#')) return;
                    setTopic(m.topic);
                  }}
                  options={m.fields.map((f) => ({ value: f.pointer, label: `${f.pointer || i18n.t('app.bindings.wholePayload')} = ${i18n.number(f.value, { maximumFractionDigits: 6 })}` }))}
                />
              ) : (
                <p class="muted">
                  {time(m.receivedAt)} · {m.topic}: {i18n.t('app.bindings.noNumber')}
                </p>
              )}
            </div>
          ))}
        </div>
      ) : null}
      <TextField label={i18n.t('app.bindings.pointer')} hint={i18n.t('app.bindings.pointerHint')} value={pointer} onValue={setPointer} error={errors.pointer} maxLength={200} autoComplete="off" />
      <SelectField label={i18n.t('app.bindings.unit')} hint={i18n.t('app.bindings.unitHint', { unit: supply.unit })} value={unit} onValue={setUnit} error={errors.unit} options={units.map((u) => ({ value: u, label: u }))} />
      {/* One under the other, not side by side: each needs its sentence of explanation. */}
      <TextField label={i18n.t('app.bindings.scale')} hint={i18n.t('app.bindings.scaleHint')} value={scale} onValue={setScale} error={errors.scale} type="number" />
      <TextField label={i18n.t('app.bindings.offset')} hint={i18n.t('app.bindings.offsetHint')} value={offset} onValue={setOffset} error={errors.offset} type="number" />
      {binding ? null : (
        <SelectField
          label={i18n.t('app.bindings.device')}
          hint={i18n.t('app.bindings.deviceHint')}
          value={deviceId}
          onValue={setDeviceId}
          options={[{ value: '', label: i18n.t('app.bindings.newDevice') }, ...devices.map((d) => ({ value: d.id, label: d.name }))]}
        />
      )}
      <FormFooter error={errors.form} busy={busy} submitLabel={i18n.t('app.bindings.save')} busyLabel={i18n.t('app.common.saving')} cancelLabel={i18n.t('app.common.cancel')} onCancel={onCancel} />
    </form>
  );
}
