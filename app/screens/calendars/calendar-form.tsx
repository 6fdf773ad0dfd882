import { useEffect, useRef, useState } from 'preact/hooks';
import { camelFromCode, showError } from '@app/core/errors';
import { ApiError } from '@app/core/api';
import { useSession } from '@app/core/session';
import type { Calendar } from '@app/core/types';
import { ChoiceGroup, FileField, FormFooter, SelectField, TextField } from '@app/widgets/fields';

type Source = 'url' | 'file';
type Errors = Partial<Record<'name' | 'url' | 'file' | 'form', string>>;

/** Where a calendar error belongs: the address for a feed that fails, the file for bad text. */
const FIELD_OF_CODE: Record<string, keyof Errors> = {
  INVALID_URL: 'url',
  FEED_TIMEOUT: 'url',
  FEED_UNREACHABLE: 'url',
  FEED_HTTP_ERROR: 'url',
  FEED_TOO_LARGE: 'url',
  FEED_NOT_ICS: 'url',
  INVALID_ICS: 'file',
  NAME_REQUIRED: 'name',
};

/** Add a calendar by its address (Google's secret iCal address, Outlook, Apple, webcal://) or from an .ics file. */
export function CalendarForm({ onDone, onCancel }: { onDone(message: string): void; onCancel(): void }) {
  const { api, i18n, household } = useSession();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [source, setSource] = useState<Source>('url');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found: Errors = {};
    if (!name.trim()) found.name = i18n.t('app.common.required');
    if (source === 'url' && !/^(https?|webcals?):\/\/.+/i.test(url.trim())) found.url = i18n.t('app.calendars.form.urlInvalid');
    if (source === 'file' && !file) found.file = i18n.t('app.calendars.form.fileMissing');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const body = { name: name.trim(), ...(owner ? { profileId: owner } : {}), ...(source === 'url' ? { url: url.trim() } : { ics: file?.text ?? '' }) };
      const created = await api.post<Calendar>('/api/v1/calendars', body);
      onDone(i18n.t('app.calendars.form.added', { name: created.name, count: created.eventCount }));
    } catch (err) {
      const shown = showError(err, i18n);
      const key = err instanceof ApiError ? `app.calendars.problems.${camelFromCode(err.code)}` : '';
      const message = key && i18n.has(key) ? i18n.t(key) : shown.message;
      const field = err instanceof ApiError ? (FIELD_OF_CODE[err.code] ?? (shown.field === 'url' || shown.field === 'name' ? shown.field : undefined)) : undefined;
      setErrors(field ? { [field]: message } : { form: message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sheet" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <h2 ref={heading} tabIndex={-1}>
        {i18n.t('app.calendars.form.title')}
      </h2>
      <TextField label={i18n.t('app.calendars.form.name')} value={name} onValue={setName} error={errors.name} maxLength={100} placeholder={i18n.t('app.calendars.form.namePlaceholder')} />
      <SelectField label={i18n.t('app.calendars.form.whose')} value={owner} onValue={setOwner} options={[{ value: '', label: i18n.t('app.calendars.household') }, ...household.profiles.map((p) => ({ value: p.id, label: p.name }))]} />
      <ChoiceGroup
        legend={i18n.t('app.calendars.form.source')}
        name="calendar-source"
        value={source}
        onValue={(v) => setSource(v as Source)}
        options={[
          { value: 'url', label: i18n.t('app.calendars.byUrl') },
          { value: 'file', label: i18n.t('app.calendars.byFile') },
        ]}
      />
      {source === 'url' ? (
        <TextField label={i18n.t('app.calendars.form.url')} hint={i18n.t('app.calendars.form.urlHint')} value={url} onValue={setUrl} error={errors.url} type="url" inputMode="url" autoComplete="off" placeholder="webcal://…" />
      ) : (
        <FileField
          label={i18n.t('app.calendars.form.file')}
          accept=".ics,text/calendar"
          error={errors.file}
          onFile={async (picked) => {
            setFile(picked ? { name: picked.name, text: await picked.text() } : null);
            if (picked && !name) setName(picked.name.replace(/\.ics$/i, ''));
          }}
        />
      )}
      <FormFooter error={errors.form} busy={busy} submitLabel={i18n.t('app.calendars.form.save')} busyLabel={i18n.t('app.common.saving')} cancelLabel={i18n.t('app.common.cancel')} onCancel={onCancel} />
    </form>
  );
}
