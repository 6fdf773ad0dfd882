import { AppError } from '@server/core/errors';

/** A place a person can pick for the household's location. */
export interface Place {
  name: string;
  /** Region and country, for telling two Saint-Denis apart. */
  area: string;
  latitude: number;
  longitude: number;
  timezone: string | null;
}

const TIMEOUT_MS = 4000;
const MAX_RESULTS = 6;

interface OpenMeteoPlace {
  name?: unknown;
  latitude?: unknown;
  longitude?: unknown;
  country?: unknown;
  admin1?: unknown;
  timezone?: unknown;
}

function toPlace(r: OpenMeteoPlace): Place | null {
  if (typeof r.name !== 'string' || typeof r.latitude !== 'number' || typeof r.longitude !== 'number') return null;
  const area = [r.admin1, r.country].filter((x): x is string => typeof x === 'string' && x.length > 0).join(', ');
  return { name: r.name, area, latitude: r.latitude, longitude: r.longitude, timezone: typeof r.timezone === 'string' ? r.timezone : null };
}

/**
 * City search for first run and settings, with Open-Meteo's geocoding API
 * (`/search?name=…&language=fr`). Unreachable or failing, it is a 503 `GEOCODING_UNAVAILABLE`:
 * the app then says so and offers coordinates typed in. Nothing is stored.
 */
export class Geocoder {
  constructor(private readonly baseUrl: string, private readonly fetchImpl: typeof fetch = fetch) {}

  async search(query: string, language: string): Promise<Place[]> {
    const url = `${this.baseUrl}/search?${new URLSearchParams({ name: query, count: String(MAX_RESULTS), language, format: 'json' }).toString()}`;
    let body: { results?: OpenMeteoPlace[] };
    try {
      const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = (await res.json()) as { results?: OpenMeteoPlace[] };
    } catch {
      throw new AppError('weather.geocodingUnavailable', 503);
    }
    return (Array.isArray(body.results) ? body.results : []).map(toPlace).filter((p): p is Place => p !== null);
  }
}
