import type { HourlyWeather, NormalisedForecast } from './types';
import { HOUR_MS } from '@server/core/durations';


/**
 * The conditions now, per the injected clock: the hourly row whose hour contains now (a cached
 * forecast's first row may be hours old). The provider's own "now" block replaces it when it was
 * taken within that same hour, since it is finer (Open-Meteo: 15-minute data). Null when now
 * lies outside the forecast.
 */
export function currentConditions(forecast: NormalisedForecast, now: Date): HourlyWeather | null {
  const t = now.getTime();
  const row = forecast.hourly.find((h) => {
    const start = Date.parse(h.time);
    return start <= t && t < start + HOUR_MS;
  });
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
