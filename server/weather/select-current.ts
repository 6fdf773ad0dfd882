import type { HourlyWeather, NormalisedForecast } from './types';
import { HOUR_MS } from '@server/core/durations';

/** A row is stamped with its hour's start: that hour is over an hour later, whatever the zone's offset. */
const over = (row: HourlyWeather, t: number): boolean => Date.parse(row.time) + HOUR_MS <= t;

/** The rows (oldest first) from the hour under way at `now` on, at most `count` of them. */
export function hoursFrom(hourly: readonly HourlyWeather[], now: Date, count: number): HourlyWeather[] {
  const t = now.getTime();
  const from = hourly.findIndex((row) => !over(row, t));
  return from < 0 ? [] : hourly.slice(from, from + count);
}

/**
 * The conditions now, per the injected clock: the hourly row whose hour contains now (a cached
 * forecast's first row may be hours old). The provider's own "now" block replaces it when it was
 * taken within that same hour, since it is finer (Open-Meteo: 15-minute data). Null when now
 * lies outside the forecast.
 */
export function currentConditions(forecast: NormalisedForecast, now: Date): HourlyWeather | null {
  const t = now.getTime();
  const row = forecast.hourly.find((h) => Date.parse(h.time) <= t && !over(h, t));
  if (!row) return null;
  const live = forecast.current;
  if (live) {
    const liveAt = Date.parse(live.time);
    const rowStart = Date.parse(row.time);
    if (liveAt >= rowStart && liveAt < rowStart + HOUR_MS && liveAt <= t) {
      return { ...live, precipitationProbability: live.precipitationProbability ?? row.precipitationProbability };
    }
  }
  return row;
}
