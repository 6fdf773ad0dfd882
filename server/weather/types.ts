import type { WEATHER_PROVIDERS } from '@server/plugins/config';
import type { HourlyWeather, WeatherType } from '@server/day-context/types';

export type { HourlyWeather, WeatherType };
export type WeatherProviderName = (typeof WEATHER_PROVIDERS)[number];

/** One local day, as in CONTRACT.md; sunrise/sunset are null in polar day or night. */
export interface DailyWeather {
  date: string;
  min: number;
  max: number;
  precipitationSum: number;
  weatherType: WeatherType;
  sunrise: string | null;
  sunset: string | null;
}

/** Why there is no forecast to show: a code for programs and a message in the household's language. */
export interface WeatherUnavailable {
  code: 'NO_LOCATION' | 'LOCATION_CONSENT_REQUIRED' | 'WEATHER_UNAVAILABLE';
  message: string;
}

/**
 * What `GET /api/v1/weather` answers and `app.weather.forecast()` returns. `stale` is true when
 * the forecast is older than the cache TTL because the provider could not be reached (or when
 * there is none at all); `unavailable` is present only when there is no forecast to show.
 */
export interface WeatherReport {
  current: HourlyWeather | null;
  hourly: HourlyWeather[];
  daily: DailyWeather[];
  provider: WeatherProviderName;
  fetchedAt: string | null;
  stale: boolean;
  unavailable?: WeatherUnavailable;
}

/** Where and in which zone to forecast: coordinates already rounded (privacy and cache sharing). */
export interface ForecastQuery {
  latitude: number;
  longitude: number;
  timezone: string;
}

/** A provider's answer normalised to our units and vocabulary; times ISO with the zone's offset. */
export interface NormalisedForecast {
  hourly: HourlyWeather[];
  daily: DailyWeather[];
  /** The provider's own "now" block when it has one (fresher than the hourly row of the same hour). */
  current: HourlyWeather | null;
}

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
}

/**
 * One weather source: how to ask and how to read the answer. The HTTP exchange itself (timeouts,
 * retries, Retry-After) is shared in fetch-forecast.ts, so a provider file is only about its format.
 */
export interface WeatherProvider {
  readonly name: WeatherProviderName;
  request(query: ForecastQuery): ProviderRequest;
  /** Throws ProviderError('invalid' | 'empty') when the body is not a usable forecast. */
  parse(body: unknown, query: ForecastQuery): NormalisedForecast;
}

export type ProviderErrorKind = 'network' | 'timeout' | 'http' | 'rate_limited' | 'empty' | 'truncated' | 'invalid' | 'backing_off';

/** A failed exchange with a provider; never reaches an HTTP client (the service serves the cache instead). */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Worth another attempt within the same refresh: the fault may be gone in a moment. */
  get retryable(): boolean {
    if (this.kind === 'http') return (this.details.status ?? 0) >= 500;
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'truncated';
  }
}
