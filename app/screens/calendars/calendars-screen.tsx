import { useState } from 'preact/hooks';
import { camelFromCode, showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { Calendar } from '@app/core/types';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer, ErrorNote, Loading } from '@app/widgets/status';
import { CalendarForm } from './calendar-form';

/** Calendars: the household's and each person's, with their last refresh or what went wrong, in plain words. */
export function CalendarsScreen() {
  const { api, i18n, household } = useSession();
  const calendars = useResource((a) => a.get<{ calendars: Calendar[] }>('/api/v1/calendars'), [], ['agenda.updated']);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const whose = (c: Calendar) => (c.profileId ? (household.profiles.find((p) => p.id === c.profileId)?.name ?? '') : i18n.t('app.calendars.household'));
  const problem = (code: string) => {
    const key = `app.calendars.problems.${camelFromCode(code)}`;
    return i18n.has(key) ? i18n.t(key) : i18n.t('app.calendars.problems.other');
  };

  const act = async (c: Calendar, action: 'refresh' | 'remove') => {
    setBusy(c.id);
    try {
      if (action === 'refresh') await api.post(`/api/v1/calendars/${c.id}/refresh`, undefined, { retry: true });
      else await api.delete(`/api/v1/calendars/${c.id}`);
      setAnnouncement(i18n.t(action === 'refresh' ? 'app.calendars.refreshed' : 'app.calendars.removed', { name: c.name }));
    } catch (err) {
      setAnnouncement(showError(err, i18n).message);
    } finally {
      setBusy(null);
      void calendars.reload();
    }
  };

  return (
    <>
      <div class="screen-head">
        <ScreenTitle>{i18n.t('app.nav.calendars')}</ScreenTitle>
        {adding ? null : (
          <button type="button" class="button" onClick={() => setAdding(true)}>
            {i18n.t('app.calendars.add')}
          </button>
        )}
      </div>
      <Announcer message={announcement} />
      {adding ? (
        <CalendarForm
          onCancel={() => setAdding(false)}
          onDone={(message) => {
            setAdding(false);
            setAnnouncement(message);
            void calendars.reload();
          }}
        />
      ) : null}
      {calendars.error ? <ErrorNote error={calendars.error} onRetry={() => void calendars.reload()} /> : null}
      {!calendars.data && calendars.loading ? <Loading /> : null}
      {calendars.data && calendars.data.calendars.length === 0 && !adding ? <p class="state">{i18n.t('app.calendars.empty')}</p> : null}
      {calendars.data?.calendars.length ? (
        <ul class="supply-list">
          {calendars.data.calendars.map((c) => (
            <li key={c.id} class="supply-card" aria-labelledby={`cal-${c.id}`}>
              <h2 id={`cal-${c.id}`}>{c.name}</h2>
              <p class="muted">
                {whose(c)} · {c.source === 'url' ? i18n.t('app.calendars.byUrl') : i18n.t('app.calendars.byFile')}
              </p>
              {c.status === 'error' && c.lastError ? (
                <p class="field-error">{problem(c.lastError)}</p>
              ) : (
                <p>
                  {c.refreshedAt ? i18n.t('app.calendars.refreshedAt', { when: i18n.date(c.refreshedAt, household.timezone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) }) : null}
                  {' · '}
                  {i18n.t('app.calendars.events', { count: c.eventCount })}
                </p>
              )}
              <div class="actions">
                {c.source === 'url' ? (
                  <button type="button" class="button button-small button-secondary" disabled={busy === c.id} aria-describedby={`cal-${c.id}`} onClick={() => void act(c, 'refresh')}>
                    {i18n.t('app.calendars.refresh')}
                  </button>
                ) : null}
                <button type="button" class="button button-small button-danger" disabled={busy === c.id} aria-describedby={`cal-${c.id}`} onClick={() => void act(c, 'remove')}>
                  {i18n.t('app.calendars.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
