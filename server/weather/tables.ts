/** Tables owned by the weather capability (add them here; the store's schema picks them up). */

/**
 * The last good forecast per household and provider, so a restart with no network still has
 * something to show. Keyed by household (not only by place) so deleting a household deletes its
 * location trace; `location_key` is the rounded place and zone the forecast was made for.
 */
export interface WeatherForecastsTable {
  household_id: string;
  provider: string;
  location_key: string;
  /** JSON: NormalisedForecast (times already in the household's zone). */
  forecast: string;
  fetched_at: string;
  fresh_until: string;
}

export interface WeatherTables {
  weather_forecasts: WeatherForecastsTable;
}
