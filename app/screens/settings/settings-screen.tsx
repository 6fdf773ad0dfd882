import { useState } from 'preact/hooks';
import { ApiError } from '@app/core/api';
import { showError } from '@app/core/errors';
import { useSession } from '@app/core/session';
import { useLocaleOptions } from '@app/screens/people/people-screen';
import { FormFooter, SelectField, Switch, TextField } from '@app/widgets/fields';
import { PlaceSearch, readCoordinates, timeZoneOptions } from '@app/widgets/place-search';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer } from '@app/widgets/status';
import { currencyOptions, UnitsChoice } from './household-fields';
import { MirrorPowerSwitch } from './mirror-power-switch';
import type { UnitSystem } from '@server/core/units';

type Field = 'name' | 'locale' | 'timezone' | 'latitude' | 'longitude' | 'start' | 'end' | 'currency' | 'units' | 'form';
const FIELDS: readonly string[] = ['name', 'locale', 'timezone', 'latitude', 'longitude', 'start', 'end', 'currency', 'units'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Household settings: name, language, time zone, location (coordinates), units, currency, night hours; the open mirror follows at once. */
export function SettingsScreen() {
  const { api, i18n, household, reloadHousehold } = useSession();
  const locales = useLocaleOptions(household.locale, false);
  const [name, setName] = useState(household.name);
  const [locale, setLocale] = useState(household.locale);
  const [timezone, setTimezone] = useState(household.timezone);
  const [latitude, setLatitude] = useState(household.latitude === null ? '' : i18n.decimal(household.latitude));
  const [longitude, setLongitude] = useState(household.longitude === null ? '' : i18n.decimal(household.longitude));
  const [night, setNight] = useState(household.settings.nightMode.enabled);
  const [start, setStart] = useState(household.settings.nightMode.start);
  const [end, setEnd] = useState(household.settings.nightMode.end);
  const [currency, setCurrency] = useState(household.currency);
  const [units, setUnits] = useState<UnitSystem>(household.units);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const { lat, lon, errors: where } = readCoordinates(latitude, longitude, i18n);
    const found: Partial<Record<Field, string>> = { ...where };
    if (!name.trim()) found.name = i18n.t('app.common.required');
    if (!TIME.test(start)) found.start = i18n.t('app.settings.timeFormat');
    if (!TIME.test(end)) found.end = i18n.t('app.settings.timeFormat');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.patch('/api/v1/household', { name: name.trim(), locale, timezone, latitude: lat, longitude: lon, currency, units, settings: { nightMode: { enabled: night, start, end } } });
      setAnnouncement(i18n.t('app.settings.saved'));
      await reloadHousehold();
    } catch (err) {
      const shown = showError(err, i18n);
      const field = err instanceof ApiError && err.code === 'INVALID_TIMEZONE' ? 'timezone' : (shown.field?.split('.').pop() as Field | undefined);
      setErrors(field && FIELDS.includes(field) ? { [field]: shown.message } : { form: shown.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenTitle>{i18n.t('app.nav.settings')}</ScreenTitle>
      <Announcer message={announcement} />
      <MirrorPowerSwitch />
      <form class="sheet" onSubmit={(e) => void save(e)} noValidate aria-busy={busy} aria-label={i18n.t('app.nav.settings')}>
        <TextField label={i18n.t('app.settings.name')} value={name} onValue={setName} error={errors.name} maxLength={100} autoComplete="off" />
        <SelectField label={i18n.t('app.settings.locale')} hint={i18n.t('app.settings.localeHint')} value={locale} onValue={setLocale} options={locales} error={errors.locale} />
        <SelectField label={i18n.t('app.settings.timezone')} value={timezone} onValue={setTimezone} options={timeZoneOptions(household.timezone)} error={errors.timezone} />
        <fieldset class="choices">
          <legend>{i18n.t('app.settings.location')}</legend>
          <PlaceSearch latitude={latitude} longitude={longitude} onLatitude={setLatitude} onLongitude={setLongitude} errors={errors} />
        </fieldset>
        <Switch label={i18n.t('app.settings.night')} description={i18n.t('app.settings.nightHint')} checked={night} onChange={setNight} />
        <div class="field-row">
          <TextField label={i18n.t('app.settings.nightStart')} value={start} onValue={setStart} error={errors.start} placeholder="23:00" />
          <TextField label={i18n.t('app.settings.nightEnd')} value={end} onValue={setEnd} error={errors.end} placeholder="06:30" />
        </div>
        <UnitsChoice value={units} onValue={setUnits} error={errors.units} />
        <SelectField
          label={i18n.t('app.settings.currencyLabel')}
          hint={i18n.t('app.settings.currencyHint')}
          value={currency}
          onValue={setCurrency}
          error={errors.currency}
          options={currencyOptions(i18n, household.currency)}
        />
        <FormFooter error={errors.form} busy={busy} submitLabel={i18n.t('app.settings.save')} busyLabel={i18n.t('app.common.saving')} />
      </form>
    </>
  );
}
