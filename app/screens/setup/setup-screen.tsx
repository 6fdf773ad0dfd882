import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import { switchToHousehold } from '@app/core/token';
import type { Household } from '@app/core/types';
import { useLocaleOptions } from '@app/screens/people/people-screen';
import { SelectField, TextField } from '@app/widgets/fields';
import { PlaceSearch, readCoordinates, timeZoneOptions } from '@app/widgets/place-search';
import { ScreenTitle } from '@app/widgets/screen-title';
import { ErrorNote, Loading } from '@app/widgets/status';
import { currencyForLocale } from '@server/households/currency';
import { defaultUnitSystem, type UnitSystem } from '@server/core/units';
import { COMFORTS, type Comfort } from '@server/households/comfort';
import { currencyOptions, UnitsChoice } from '@app/screens/settings/household-fields';
import { EraseDemo } from './erase-demo';
import { SetupChecklist } from './setup-checklist';

type Step = 'household' | 'location' | 'people' | 'units';
const STEPS: readonly Step[] = ['household', 'location', 'people', 'units'];
type Field = 'name' | 'latitude' | 'longitude' | 'form' | `person${number}`;

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Paris';
  } catch {
    return 'Europe/Paris';
  }
}

function deviceName(): string {
  const ua = navigator.userAgent;
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return 'Android';
  return 'Browser';
}

/** First run's guided flow: household, location, people, money and units; then the family's household exists and the mirror follows. */
function SetupFlow({ demo }: { demo: Household }) {
  const { api, i18n } = useSession();
  const [step, setStep] = useState<Step>('household');
  const [name, setName] = useState('');
  const [locale, setLocale] = useState(demo.locale);
  const [timezone, setTimezone] = useState(browserZone());
  const [latitude, setLatitude] = useState('');
  const [longitude, setLongitude] = useState('');
  const [people, setPeople] = useState<{ name: string; comfort: Comfort }[]>([{ name: '', comfort: 'neutral' }]);
  const [currency, setCurrency] = useState<string | null>(null);
  const [units, setUnits] = useState<UnitSystem | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const locales = useLocaleOptions(locale, false);
  const index = STEPS.indexOf(step);
  const shownCurrency = currency ?? currencyForLocale(locale);
  const shownUnits = units ?? defaultUnitSystem(locale);

  const check = (which: Step): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (which === 'household' && !name.trim()) found.name = i18n.t('app.common.required');
    if (which === 'location') {
      const { lat, lon, errors: where } = readCoordinates(latitude, longitude, i18n);
      Object.assign(found, where);
      if ((lat === null) !== (lon === null) && !found.latitude && !found.longitude) found[lat === null ? 'latitude' : 'longitude'] = i18n.t('app.setup.bothCoordinates');
    }
    if (which === 'people') people.forEach((p, i) => !p.name.trim() && (found[`person${i}`] = i18n.t('app.common.required')));
    return found;
  };

  const next = (e: Event) => {
    e.preventDefault();
    const found = check(step);
    setErrors(found);
    if (Object.keys(found).length) return;
    if (step === 'units') void create();
    else setStep(STEPS[index + 1]);
  };

  const create = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { lat, lon } = readCoordinates(latitude, longitude, i18n);
      const created = await api.post<{ token: string; household: Household }>('/api/v1/setup', {
        name: name.trim(),
        locale,
        timezone,
        ...(lat !== null && lon !== null ? { latitude: lat, longitude: lon } : {}),
        currency: shownCurrency,
        units: shownUnits,
        people: people.map((p) => ({ name: p.name.trim(), comfort: p.comfort })),
        device: deviceName(),
      });
      // This phone now speaks for the family's household; the demo's token is kept to erase it.
      switchToHousehold(window.localStorage, created.token);
      window.location.hash = '#/setup';
      window.location.reload();
    } catch (err) {
      const shown = showError(err, i18n);
      setErrors({ form: shown.message });
      setBusy(false);
    }
  };

  const comfortOptions = COMFORTS.map((c) => ({ value: c, label: i18n.t(`app.people.comforts.${c}`) }));
  return (
    <form class="sheet setup" onSubmit={next} noValidate aria-labelledby="setup-step-title" aria-busy={busy}>
      <p class="muted">{i18n.t('app.setup.stepOf', { step: index + 1, count: STEPS.length })}</p>
      <h2 id="setup-step-title">{i18n.t(`app.setup.steps.${step}`)}</h2>
      {step === 'household' ? (
        <>
          <TextField label={i18n.t('app.settings.name')} hint={i18n.t('app.setup.nameHint')} value={name} onValue={setName} error={errors.name} maxLength={100} autoComplete="off" />
          <SelectField label={i18n.t('app.settings.locale')} hint={i18n.t('app.settings.localeHint')} value={locale} onValue={setLocale} options={locales} />
          <SelectField label={i18n.t('app.settings.timezone')} hint={i18n.t('app.setup.timezoneHint')} value={timezone} onValue={setTimezone} options={timeZoneOptions(timezone)} />
        </>
      ) : null}
      {step === 'location' ? (
        <>
          <p>{i18n.t('app.setup.locationWhy')}</p>
          <PlaceSearch latitude={latitude} longitude={longitude} onLatitude={setLatitude} onLongitude={setLongitude} onPlace={(p) => p.timezone && setTimezone(p.timezone)} errors={errors} />
        </>
      ) : null}
      {step === 'people' ? (
        <>
          <p>{i18n.t('app.setup.peopleWhy')}</p>
          <ul class="setup-people">
            {people.map((p, i) => (
              <li key={i} class="panel">
                <TextField
                  label={i18n.t('app.setup.personName', { n: i + 1 })}
                  value={p.name}
                  onValue={(v) => setPeople(people.map((q, j) => (j === i ? { ...q, name: v } : q)))}
                  error={errors[`person${i}`]}
                  maxLength={60}
                  autoComplete="off"
                />
                <SelectField
                  label={i18n.t('app.setup.personComfort', { n: i + 1 })}
                  value={p.comfort}
                  onValue={(v) => setPeople(people.map((q, j) => (j === i ? { ...q, comfort: v as Comfort } : q)))}
                  options={comfortOptions}
                />
                {people.length > 1 ? (
                  <button type="button" class="button button-secondary button-small" onClick={() => setPeople(people.filter((_, j) => j !== i))}>
                    {i18n.t('app.setup.removePerson', { n: i + 1 })}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          {people.length < 20 ? (
            <button type="button" class="button button-secondary" onClick={() => setPeople([...people, { name: '', comfort: 'neutral' }])}>
              {i18n.t('app.setup.addPerson')}
            </button>
          ) : null}
        </>
      ) : null}
      {step === 'units' ? (
        <>
          <SelectField label={i18n.t('app.settings.currencyLabel')} hint={i18n.t('app.setup.currencyHint')} value={shownCurrency} onValue={setCurrency} options={currencyOptions(i18n, shownCurrency)} />
          <UnitsChoice value={shownUnits} onValue={setUnits} />
        </>
      ) : null}
      {errors.form ? (
        <p class="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div class="actions">
        {index > 0 ? (
          <button type="button" class="button button-secondary" onClick={() => setStep(STEPS[index - 1])} disabled={busy}>
            {i18n.t('app.setup.back')}
          </button>
        ) : null}
        <button type="submit" class="button" disabled={busy}>
          {step === 'units' ? (busy ? i18n.t('app.setup.creating') : i18n.t('app.setup.create')) : i18n.t('app.setup.next')}
        </button>
      </div>
    </form>
  );
}

/**
 * `#/setup`: on the demo, the guided flow (when this Miroir has no other household); on the
 * family's household once made, what happened, erasing the demo, and the steps left.
 */
export function SetupScreen() {
  const { i18n, household } = useSession();
  const status = useResource((api) => (household.demo ? api.get<{ available: boolean }>('/api/v1/setup') : Promise.resolve({ available: false })), [household.id]);
  if (!household.demo) {
    return (
      <>
        <ScreenTitle>{i18n.t('app.setup.readyTitle')}</ScreenTitle>
        <p class="state" role="status">
          {i18n.t('app.setup.ready', { name: household.name })}
        </p>
        <EraseDemo />
        <SetupChecklist />
      </>
    );
  }
  return (
    <>
      <ScreenTitle>{i18n.t('app.nav.setup')}</ScreenTitle>
      {status.error ? <ErrorNote error={status.error} onRetry={() => void status.reload()} /> : null}
      {!status.data && status.loading ? <Loading /> : null}
      {status.data && !status.data.available ? <p class="state">{i18n.t('app.setup.closed')}</p> : null}
      {status.data?.available ? <SetupFlow demo={household} /> : null}
    </>
  );
}
