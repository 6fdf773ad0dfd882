import { useState } from 'preact/hooks';
import type { Static } from '@sinclair/typebox';
import { showError } from '@app/core/errors';
import type { I18n } from '@app/core/i18n';
import { useSession } from '@app/core/session';
import type { Profile } from '@app/core/types';
import { SelectField, TextField } from '@app/widgets/fields';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer } from '@app/widgets/status';
import { COMFORTS, type Comfort } from '@server/households/comfort';
import type { PersonRemovalSchema } from '@server/households/schemas';

type Removal = Static<typeof PersonRemovalSchema>;

const LOCALES = ['', 'fr-FR', 'en-US', 'en-GB', 'fr-CA', 'en-CA', 'fr-CH', 'fr-BE', 'en-AU'] as const;

export function useLocaleOptions(current?: string, withHousehold = true) {
  const { i18n } = useSession();
  const known: string[] = withHousehold ? [...LOCALES] : LOCALES.filter(Boolean);
  const list = current && !known.includes(current) ? [...known, current] : known;
  return list.map((l) => {
    const key = `app.people.locales.${l.replace('-', '_')}`;
    return { value: l, label: !l ? i18n.t('app.people.householdLanguage') : i18n.has(key) ? i18n.t(key) : l };
  });
}

export function useComfortOptions() {
  const { i18n } = useSession();
  return COMFORTS.map((c) => ({ value: c, label: i18n.t(`app.people.comforts.${c}`) }));
}

/** "This deletes 6 garments and 1 calendar of theirs", naming only what there is. */
function removalSentence(removal: Removal, i18n: I18n): string {
  const parts = (['garments', 'feedback', 'calendars'] as const).filter((k) => removal[k] > 0).map((k) => i18n.t(`app.people.${k}`, { count: removal[k] }));
  if (!parts.length) return i18n.t('app.people.removeNothing');
  return i18n.t('app.people.removeWhat', { what: new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(parts) });
}

/**
 * Removing a person: what goes with them is asked from the API and named before the person
 * confirms (their garments, feedback, own calendars); the last person cannot be removed.
 */
function RemovePerson({ profile, last, onRemoved }: { profile: Profile; last: boolean; onRemoved(name: string): void }) {
  const { api, i18n } = useSession();
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (last) return <p class="field-hint">{i18n.t('app.people.lastPerson')}</p>;
  const ask = async () => {
    setError(null);
    try {
      setRemoval(await api.get<Removal>(`/api/v1/profiles/${profile.id}/removal`));
    } catch (err) {
      setError(showError(err, i18n).message);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(`/api/v1/profiles/${profile.id}`);
      onRemoved(profile.name);
    } catch (err) {
      setError(showError(err, i18n).message);
      setBusy(false);
    }
  };
  return (
    <div class="person-danger">
      {removal ? (
        <div class="panel danger-panel" role="group" aria-labelledby={`remove-${profile.id}`}>
          <h3 id={`remove-${profile.id}`}>{i18n.t('app.people.removeTitle', { name: profile.name })}</h3>
          <p>{removalSentence(removal, i18n)}</p>
          <div class="actions">
            <button type="button" class="button button-danger" disabled={busy} onClick={() => void remove()}>
              {i18n.t('app.people.removeConfirm', { name: profile.name })}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setRemoval(null)}>
              {i18n.t('app.people.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="button button-danger" onClick={() => void ask()}>
          {i18n.t('app.people.remove', { name: profile.name })}
        </button>
      )}
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One person: name, language, comfort and Alexa voice profile, saved together; errors beside their field. */
function PersonRow({ profile, last, onRemoved }: { profile: Profile; last: boolean; onRemoved(name: string): void }) {
  const { api, i18n, reloadHousehold } = useSession();
  const options = useLocaleOptions(profile.locale);
  const comforts = useComfortOptions();
  const [name, setName] = useState(profile.name);
  const [locale, setLocale] = useState(profile.locale);
  const [comfort, setComfort] = useState<Comfort>(profile.comfort);
  const [voice, setVoice] = useState(profile.voicePersonId ?? '');
  const [voiceError, setVoiceError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(i18n.t('app.common.required'));
      return;
    }
    if (/\s/.test(voice.trim())) {
      setVoiceError(i18n.t('app.people.voiceFormat'));
      return;
    }
    setBusy(true);
    setVoiceError(null);
    setMessage('');
    try {
      await api.patch(`/api/v1/profiles/${profile.id}`, { name: name.trim(), locale: locale || null, comfort, voicePersonId: voice.trim() || null });
      setError(null);
      setMessage(i18n.t('app.people.saved', { name: name.trim() }));
      await reloadHousehold();
    } catch (err) {
      const shown = showError(err, i18n);
      if (shown.field === 'voicePersonId') setVoiceError(shown.message);
      else setError(shown.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="supply-card">
      <h2 id={`person-${profile.id}`}>{profile.name}</h2>
      <form class="person-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`person-${profile.id}`}>
        <TextField label={i18n.t('app.people.name')} value={name} onValue={setName} error={error} maxLength={60} autoComplete="off" />
        <SelectField label={i18n.t('app.people.language')} value={locale} onValue={setLocale} options={options} />
        <SelectField label={i18n.t('app.people.comfort')} hint={i18n.t('app.people.comfortHint')} value={comfort} onValue={(v) => setComfort(v as Comfort)} options={comforts} />
        <TextField label={i18n.t('app.people.voice')} hint={i18n.t('app.people.voiceHint')} value={voice} onValue={setVoice} error={voiceError} maxLength={200} autoComplete="off" />
        <button type="submit" class="button button-secondary" disabled={busy}>
          {i18n.t('app.people.save')}
        </button>
        <p class="announcer" role="status">
          {message}
        </p>
      </form>
      <RemovePerson profile={profile} last={last} onRemoved={onRemoved} />
    </li>
  );
}

/** The household's people: add one, rename, their language. */
export function PeopleScreen() {
  const { api, i18n, household, reloadHousehold } = useSession();
  const options = useLocaleOptions();
  const comforts = useComfortOptions();
  const [name, setName] = useState('');
  const [locale, setLocale] = useState('');
  const [comfort, setComfort] = useState<Comfort>('neutral');
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!name.trim()) {
      setError(i18n.t('app.common.required'));
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<Profile>('/api/v1/profiles', { name: name.trim(), comfort, ...(locale ? { locale } : {}) });
      setName('');
      setLocale('');
      setComfort('neutral');
      setError(null);
      setAnnouncement(i18n.t('app.people.added', { name: created.name }));
      await reloadHousehold();
    } catch (err) {
      setError(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ScreenTitle>{i18n.t('app.nav.people')}</ScreenTitle>
      <Announcer message={announcement} />
      <ul class="supply-list">
        {household.profiles.map((p) => (
          <PersonRow
            key={p.id}
            profile={p}
            last={household.profiles.length === 1}
            onRemoved={(removed) => {
              setAnnouncement(i18n.t('app.people.removed', { name: removed }));
              void reloadHousehold();
            }}
          />
        ))}
      </ul>
      <form class="sheet" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-person-title">
        <h2 id="add-person-title">{i18n.t('app.people.add')}</h2>
        <TextField label={i18n.t('app.people.name')} value={name} onValue={setName} error={error} maxLength={60} autoComplete="off" />
        <SelectField label={i18n.t('app.people.language')} value={locale} onValue={setLocale} options={options} />
        <SelectField label={i18n.t('app.people.comfort')} value={comfort} onValue={(v) => setComfort(v as Comfort)} options={comforts} />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            {i18n.t('app.people.addButton')}
          </button>
        </div>
      </form>
    </>
  );
}
