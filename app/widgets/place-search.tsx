import { useState } from 'preact/hooks';
import { ApiError } from '@app/core/api';
import { showError } from '@app/core/errors';
import type { I18n } from '@app/core/i18n';
import { useSession } from '@app/core/session';
import type { Static } from '@sinclair/typebox';
import type { PlaceList } from '@server/weather/schemas';
import { ChoiceGroup, parseDecimal, TextField, type Option } from './fields';

export type Place = Static<typeof PlaceList>['places'][number];

/**
 * Where the household is: a city search (`GET /api/v1/places`, the weather provider's geocoding)
 * whose pick fills the coordinates, and the coordinates themselves, typed in when there is no
 * internet (the search then says so). First run and the settings share it, and its checks
 * (`readCoordinates`) and time-zone list (`timeZoneOptions`).
 */
export function PlaceSearch({
  latitude,
  longitude,
  onLatitude,
  onLongitude,
  onPlace,
  errors,
}: {
  latitude: string;
  longitude: string;
  onLatitude(value: string): void;
  onLongitude(value: string): void;
  onPlace?(place: Place): void;
  errors: { latitude?: string; longitude?: string };
}) {
  const { api, i18n } = useSession();
  const [city, setCity] = useState('');
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [picked, setPicked] = useState('');
  const [cityError, setCityError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const key = (p: Place) => `${p.latitude},${p.longitude}`;

  const search = async () => {
    if (city.trim().length < 2) {
      setCityError(i18n.t('app.setup.cityTooShort'));
      return;
    }
    setCityError(null);
    setPlaces(null);
    setSearching(true);
    try {
      const found = await api.get<{ places: Place[] }>(`/api/v1/places?q=${encodeURIComponent(city.trim())}&language=${i18n.language}`);
      setPlaces(found.places);
      if (!found.places.length) setCityError(i18n.t('app.setup.noPlace'));
    } catch (err) {
      // No internet: the coordinates below are the way.
      setCityError(err instanceof ApiError && err.code === 'GEOCODING_UNAVAILABLE' ? i18n.t('app.setup.noGeocoding') : showError(err, i18n).message);
    } finally {
      setSearching(false);
    }
  };

  const pick = (value: string) => {
    setPicked(value);
    const place = places?.find((p) => key(p) === value);
    if (!place) return;
    onLatitude(i18n.decimal(place.latitude));
    onLongitude(i18n.decimal(place.longitude));
    onPlace?.(place);
  };

  return (
    <>
      <div class="search-row">
        <TextField label={i18n.t('app.setup.city')} value={city} onValue={setCity} error={cityError} type="search" autoComplete="address-level2" />
        <button type="button" class="button button-secondary" onClick={() => void search()} disabled={searching}>
          {i18n.t('app.setup.search')}
        </button>
      </div>
      {places && places.length ? (
        <ChoiceGroup legend={i18n.t('app.setup.places')} name="place" value={picked} onValue={pick} options={places.map((p) => ({ value: key(p), label: p.area ? `${p.name} (${p.area})` : p.name }))} />
      ) : null}
      <fieldset class="choices">
        <legend>{i18n.t('app.setup.coordinates')}</legend>
        <p class="field-hint">{i18n.t('app.settings.locationHint')}</p>
        <div class="field-row">
          <TextField label={i18n.t('app.settings.latitude')} value={latitude} onValue={onLatitude} error={errors.latitude} type="number" />
          <TextField label={i18n.t('app.settings.longitude')} value={longitude} onValue={onLongitude} error={errors.longitude} type="number" />
        </div>
      </fieldset>
    </>
  );
}

/**
 * The typed coordinates read as numbers ("48,85" and "48.85" alike, see `parseDecimal`), each
 * null when empty, and what is wrong with them: a latitude past ±90 or a longitude past ±180.
 * First run and the settings check them alike before they ask the server.
 */
export function readCoordinates(latitude: string, longitude: string, i18n: I18n): { lat: number | null; lon: number | null; errors: { latitude?: string; longitude?: string } } {
  const lat = parseDecimal(latitude);
  const lon = parseDecimal(longitude);
  const errors: { latitude?: string; longitude?: string } = {};
  if (lat !== null && !(lat >= -90 && lat <= 90)) errors.latitude = i18n.t('app.settings.latitudeRange');
  if (lon !== null && !(lon >= -180 && lon <= 180)) errors.longitude = i18n.t('app.settings.longitudeRange');
  return { lat, lon, errors };
}

/** The time zones to choose from (the browser's list), with `current` kept even when the browser does not know it. */
export function timeZoneOptions(current: string): Option[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (all.includes(current) ? all : [current, ...all]).map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
}
