import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { AuditEntry, Consents, ConsentSource } from '@app/core/types';
import { Switch, TextField } from '@app/widgets/fields';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer, ErrorNote, Loading } from '@app/widgets/status';

/** In the order a person reads them; the compiler checks the list covers the server's sources. */
const SOURCES = ['calendars', 'location', 'telemetry', 'feedback_learning', 'voice_personalisation'] as const satisfies readonly ConsentSource[];
type Missing = Exclude<ConsentSource, (typeof SOURCES)[number]>;
const _allListed: Missing extends never ? true : never = true;
void _allListed;

/**
 * Privacy: every consent as a switch with what it collects and what stops without it; the export
 * (a JSON file downloaded); the erase, confirmed by typing the household's name; the audit log
 * (who or what ordered or changed a consent, through which channel, when).
 */
export function PrivacyScreen() {
  const { api, i18n, household, householdErased } = useSession();
  const consents = useResource((a) => a.get<{ consents: Consents }>('/api/v1/privacy/consents'), []);
  const audit = useResource((a) => a.get<{ entries: AuditEntry[] }>('/api/v1/privacy/audit?limit=50'), [], ['order.updated', 'proposal.created']);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmName, setConfirmName] = useState('');
  const [eraseError, setEraseError] = useState<string | null>(null);
  // The switch moves at once (optimistic); a refusal moves it back and says why.
  const [local, setLocal] = useState<Partial<Record<ConsentSource, boolean>>>({});

  const toggle = async (source: ConsentSource, next: boolean) => {
    setBusy(source);
    setLocal((l) => ({ ...l, [source]: next }));
    try {
      await api.put('/api/v1/privacy/consents', { [source]: next });
      setAnnouncement(i18n.t(next ? 'app.privacy.turnedOn' : 'app.privacy.turnedOff', { what: i18n.t(`app.privacy.sources.${source}.label`) }));
      await Promise.all([consents.reload(), audit.reload()]);
      setLocal((l) => ({ ...l, [source]: undefined }));
    } catch (err) {
      setLocal((l) => ({ ...l, [source]: !next }));
      setAnnouncement(showError(err, i18n).message);
    } finally {
      setBusy(null);
    }
  };

  const exportData = async () => {
    setBusy('export');
    try {
      const blob = await api.blob('/api/v1/privacy/export');
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `miroir-export-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setAnnouncement(i18n.t('app.privacy.exported'));
      void audit.reload();
    } catch (err) {
      setAnnouncement(showError(err, i18n).message);
    } finally {
      setBusy(null);
    }
  };

  const erase = async (e: Event) => {
    e.preventDefault();
    if (confirmName.trim() !== household.name) {
      setEraseError(i18n.t('app.privacy.eraseMismatch', { name: household.name }));
      return;
    }
    setBusy('erase');
    try {
      // A fresh, single-use confirmation for this token, asked for right before the erase.
      const { confirmation } = await api.post<{ confirmation: string }>('/api/v1/household/erase-confirmation');
      await api.delete('/api/v1/household', { confirmation });
      // The shell gives way to the erased page: nothing is left to navigate to.
      householdErased();
    } catch (err) {
      setEraseError(showError(err, i18n).message);
      setBusy(null);
    }
  };

  return (
    <>
      <ScreenTitle>{i18n.t('app.privacy.title')}</ScreenTitle>
      <Announcer message={announcement} />
      <section class="panel" aria-labelledby="consents-title">
        <h2 id="consents-title">{i18n.t('app.privacy.consents')}</h2>
        {consents.error ? <ErrorNote error={consents.error} onRetry={() => void consents.reload()} /> : null}
        {!consents.data && consents.loading ? <Loading /> : null}
        {consents.data
          ? SOURCES.map((source) => (
              <Switch
                key={source}
                label={i18n.t(`app.privacy.sources.${source}.label`)}
                description={i18n.t(`app.privacy.sources.${source}.what`)}
                checked={local[source] ?? consents.data?.consents[source] ?? false}
                onChange={(next) => void toggle(source, next)}
              />
            ))
          : null}
      </section>
      <section class="panel" aria-labelledby="export-title">
        <h2 id="export-title">{i18n.t('app.privacy.export')}</h2>
        <p>{i18n.t('app.privacy.exportWhat')}</p>
        <div class="actions">
          <button type="button" class="button" onClick={() => void exportData()} disabled={busy === 'export'}>
            {i18n.t('app.privacy.exportButton')}
          </button>
        </div>
      </section>
      <section class="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">{i18n.t('app.privacy.audit')}</h2>
        {audit.data && audit.data.entries.length === 0 ? <p class="muted">{i18n.t('app.privacy.auditEmpty')}</p> : null}
        {audit.data?.entries.length ? (
          <ul class="audit-list">
            {audit.data.entries.map((entry) => (
              <li key={entry.id}>
                <span class="audit-what">{describe(entry, i18n)}</span>
                <span class="muted">
                  {i18n.t(`app.privacy.actors.${entry.actor}`)} · {i18n.t(`app.privacy.channels.${entry.channel}`)} · {i18n.date(entry.at, household.timezone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section class="panel danger-panel" aria-labelledby="erase-title">
        <h2 id="erase-title">{i18n.t('app.privacy.erase')}</h2>
        <p>{i18n.t('app.privacy.eraseWhat')}</p>
        <form class="inline-form" onSubmit={(e) => void erase(e)} noValidate>
          <TextField label={i18n.t('app.privacy.eraseConfirm', { name: household.name })} value={confirmName} onValue={setConfirmName} error={eraseError} autoComplete="off" />
          <button type="submit" class="button button-danger" disabled={busy === 'erase'}>
            {i18n.t('app.privacy.eraseButton')}
          </button>
        </form>
      </section>
    </>
  );
}

function describe(entry: AuditEntry, i18n: { has(key: string): boolean; t(key: string, params?: Record<string, string>): string }): string {
  if (entry.kind === 'order') {
    const to = entry.toStatus ?? '';
    return i18n.t('app.privacy.orderMoved', { status: i18n.has(`app.orders.status.${to}`) ? i18n.t(`app.orders.status.${to}`) : to });
  }
  const key = `app.privacy.actions.${entry.action.replace(/\./g, '_')}`;
  return i18n.has(key) ? i18n.t(key) : entry.action;
}
