import type { WeatherType } from '@server/day-context/types';

/**
 * WMO 4677 present-weather codes as Open-Meteo uses them
 * (https://open-meteo.com/en/docs, "WMO Weather interpretation codes").
 * Freezing drizzle and freezing rain become sleet: what matters for clothing is ice underfoot.
 */
export function fromWmoCode(code: number): WeatherType | null {
  if (code === 0 || code === 1) return 'clear';
  if (code === 2) return 'partly_cloudy';
  if (code === 3) return 'cloudy';
  if (code === 45 || code === 48) return 'fog';
  if (code === 51 || code === 53 || code === 55) return 'drizzle';
  if (code === 56 || code === 57 || code === 66 || code === 67) return 'sleet';
  if (code === 61 || code === 63 || code === 65 || code === 80 || code === 81 || code === 82) return 'rain';
  if (code === 71 || code === 73 || code === 75 || code === 77 || code === 85 || code === 86) return 'snow';
  if (code === 95 || code === 96 || code === 99) return 'thunderstorm';
  return null;
}

/**
 * MET Norway symbol codes (https://api.met.no/weatherapi/weathericon/2.0/documentation):
 * `<weather>[_day|_night|_polartwilight]`, e.g. `lightrainshowers_day`, `heavysleetandthunder`.
 * Order matters: "rainandthunder" is a thunderstorm, "heavysleetshowers" sleet; MET's own spellings such as
 * "lightssleetshowersandthunder" are matched by substring, not by a list that could miss them.
 */
export function fromMetSymbol(symbol: string): WeatherType | null {
  const base = symbol.replace(/_(day|night|polartwilight)$/, '');
  if (base.includes('thunder')) return 'thunderstorm';
  if (base.includes('sleet')) return 'sleet';
  if (base.includes('snow')) return 'snow';
  if (base === 'lightrain') return 'drizzle';
  if (base.includes('rain')) return 'rain';
  if (base === 'fog') return 'fog';
  if (base === 'cloudy') return 'cloudy';
  if (base === 'partlycloudy' || base === 'fair') return 'partly_cloudy';
  if (base === 'clearsky') return 'clear';
  return null;
}

/** Most to least demanding for clothing: a day's type is the most severe one that lasts. */
export const SEVERITY: readonly WeatherType[] = ['thunderstorm', 'snow', 'sleet', 'rain', 'drizzle', 'fog', 'cloudy', 'partly_cloudy', 'clear'];

/**
 * A day's single type from its hours: the most severe type that lasts at least `minHours`
 * (one passing shower does not make a rainy day), else the most common one.
 */
export function dominantType(hours: Array<{ type: WeatherType; hours: number }>, minHours = 2): WeatherType {
  const totals = new Map<WeatherType, number>();
  for (const h of hours) totals.set(h.type, (totals.get(h.type) ?? 0) + h.hours);
  for (const type of SEVERITY) if ((totals.get(type) ?? 0) >= minHours) return type;
  let best: WeatherType = 'cloudy';
  let bestHours = -1;
  for (const type of SEVERITY) {
    const n = totals.get(type) ?? 0;
    if (n > bestHours) {
      best = type;
      bestHours = n;
    }
  }
  return best;
}
