import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useSession } from '@app/core/session';
import type { Profile } from '@app/core/types';
import { SelectField, TextField } from '@app/widgets/fields';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer } from '@app/widgets/status';

const LOCALES = ['', 'fr-FR', 'en-US', 'en-GB', 'fr-CA', 'en-CA'] as const;

export function useLocaleOptions(current?: string, withHousehold = true) {
  const { i18n } = useSession();
  const known: string[] = withHousehold ? [...LOCALES] : LOCALES.filter(Boolean);
  const list = current && !known.includes(current) ? [...known, current] : known;
  return list.map((l) => {
    const key = `app.people.locales.${l.replace('-', '_')}`;
    return { value: l, label: !l ? i18n.t('app.people.householdLanguage') : i18n.has(key) ? i18n.t(key) : l };
  });
}

/** One person: their name and language, saved together; errors beside the field. */
function PersonRow({ profile }: { profile: Profile }) {
  const { api, i18n, reloadHousehold } = useSession();
  const options = useLocaleOptions(profile.locale);
  const [name, setName] = useState(profile.name);
  const [locale, setLocale] = useState(profile.locale);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(i18n.t('app.common.required'));
      return;
    }
    setBusy(true);
    try {
      await api.patch(`/api/v1/profiles/${profile.id}`, { name: name.trim(), locale: locale || null });
      setError(null);
      setMessage(i18n.t('app.people.saved', { name: name.trim() }));
      await reloadHousehold();
    } catch (err) {
      setError(showError(err, i18n).message);
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
        <button type="submit" class="button button-secondary" disabled={busy}>
          {i18n.t('app.people.save')}
        </button>
        <p class="announcer" role="status">
          {message}
        </p>
      </form>
    </li>
  );
}

/** The household's people: add one, rename, their language. */
export function PeopleScreen() {
  const { api, i18n, household, reloadHousehold } = useSession();
  const options = useLocaleOptions();
  const [name, setName] = useState('');
  const [locale, setLocale] = useState('');
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
      const created = await api.post<Profile>('/api/v1/profiles', { name: name.trim(), ...(locale ? { locale } : {}) });
      setName('');
      setLocale('');
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
          <PersonRow key={p.id} profile={p} />
        ))}
      </ul>
      <form class="sheet" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-person-title">
        <h2 id="add-person-title">{i18n.t('app.people.add')}</h2>
        <TextField label={i18n.t('app.people.name')} value={name} onValue={setName} error={error} maxLength={60} autoComplete="off" />
        <SelectField label={i18n.t('app.people.language')} value={locale} onValue={setLocale} options={options} />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            {i18n.t('app.people.addButton')}
          </button>
        </div>
      </form>
    </>
  );
}
