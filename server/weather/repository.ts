import type { Queryable } from '@server/store/store';
import type { NormalisedForecast, WeatherProviderName } from './types';

export interface StoredForecast {
  locationKey: string;
  forecast: NormalisedForecast;
  fetchedAt: number;
  freshUntil: number;
}

/** The persisted last good forecast of a household, or null (none, or unreadable: it is only a cache). */
export async function loadForecast(db: Queryable, householdId: string, provider: WeatherProviderName): Promise<StoredForecast | null> {
  const row = await db
    .selectFrom('weather_forecasts')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('provider', '=', provider)
    .executeTakeFirst();
  if (!row) return null;
  try {
    const forecast = JSON.parse(row.forecast) as NormalisedForecast;
    if (!Array.isArray(forecast.hourly) || !Array.isArray(forecast.daily)) return null;
    return { locationKey: row.location_key, forecast, fetchedAt: Date.parse(row.fetched_at), freshUntil: Date.parse(row.fresh_until) };
  } catch {
    return null;
  }
}

export async function saveForecast(db: Queryable, householdId: string, provider: WeatherProviderName, stored: StoredForecast): Promise<void> {
  const values = {
    location_key: stored.locationKey,
    forecast: JSON.stringify(stored.forecast),
    fetched_at: new Date(stored.fetchedAt).toISOString(),
    fresh_until: new Date(stored.freshUntil).toISOString(),
  };
  await db
    .insertInto('weather_forecasts')
    .values({ household_id: householdId, provider, ...values })
    .onConflict((oc) => oc.columns(['household_id', 'provider']).doUpdateSet(values))
    .execute();
}
