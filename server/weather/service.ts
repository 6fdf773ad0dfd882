import { DateTime } from 'luxon';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { HouseholdService } from '@server/households/service';
import { translator } from '@server/plugins/i18n';
import type { ConsentService } from '@server/privacy/consents';
import type { Store } from '@server/store/store';
import { fetchJson, type FetchPolicy } from './fetch-forecast';
import { loadForecast, saveForecast, type StoredForecast } from './repository';
import { currentConditions, hoursFrom } from './select-current';
import { ProviderError, type ForecastQuery, type NormalisedForecast, type WeatherProvider, type WeatherReport, type WeatherUnavailable } from './types';

export interface WeatherServiceOptions {
  /** A forecast younger than this is served without asking the provider (MET's Expires can make it longer). */
  ttlMs: number;
  fetch: FetchPolicy;
  /** With an older forecast in hand, a request waits this long for a refresh before answering from it (stale). */
  softDeadlineMs: number;
  /** With nothing in hand, a request waits at most this long before answering "unavailable" (the fetch goes on). */
  firstFetchDeadlineMs: number;
  /** After a failed refresh, the provider is left alone this long, doubling up to the maximum. */
  failureBackoffMs: number;
  maxFailureBackoffMs: number;
}

export const DEFAULT_WEATHER_OPTIONS: WeatherServiceOptions = {
  ttlMs: 30 * 60_000,
  fetch: { timeoutMs: 5_000, attempts: 3, backoffMs: 250 },
  softDeadlineMs: 2_500,
  firstFetchDeadlineMs: 8_000,
  failureBackoffMs: 60_000,
  maxFailureBackoffMs: 15 * 60_000,
};

export interface WeatherServiceDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  households: HouseholdService;
  consents: ConsentService;
  provider: WeatherProvider;
  onBackgroundError?: (err: unknown) => void;
}

interface CacheEntry extends StoredForecast {
  /** Households whose persisted row already holds this fetch (one write per household per fetch). */
  persistedFor: Set<string>;
}

/** Two decimals ≈ 1 km: plenty for a forecast, shared by neighbours, and no more precise than needed. */
const roundCoord = (n: number): number => Math.round(n * 100) / 100;

/**
 * Forecasts per household location with a memory + store cache, stale-while-error and a polite
 * client (timeouts, retries, Retry-After, backoff after failures). A provider fault never
 * surfaces as an error: the last good forecast is served with `stale: true`, or, with none, a
 * report whose `unavailable` says why.
 */
export class WeatherService {
  private readonly memory = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  private readonly published = new Map<string, string>();
  private readonly aborter = new AbortController();
  private readonly options: WeatherServiceOptions;
  /** Clock time (ms) before which the provider is not asked again: Retry-After, or backoff after provider-wide failures (see backOff). */
  private notBefore = 0;
  private consecutiveFailures = 0;
  /** Per place: backoff after an answer about that place was refused (4xx) or unreadable; other places are still asked. */
  private readonly placeBackoff = new Map<string, { until: number; failures: number }>();
  private lastErrorKind: string | null = null;

  constructor(private readonly deps: WeatherServiceDeps, options: Partial<WeatherServiceOptions> = {}) {
    this.options = { ...DEFAULT_WEATHER_OPTIONS, ...options, fetch: { ...DEFAULT_WEATHER_OPTIONS.fetch, ...options.fetch } };
  }

  get providerName(): WeatherProvider['name'] {
    return this.deps.provider.name;
  }

  /** Why the last refresh failed (a ProviderError kind), for logs and diagnostics; null after a success. */
  get lastError(): string | null {
    return this.lastErrorKind;
  }

  /** `hours`: only the hours from the current one on (the one under way included), at most that many. */
  async forecast(householdId: string, options: { hours?: number } = {}): Promise<WeatherReport> {
    const report = await this.report(householdId, false);
    return options.hours === undefined ? report : { ...report, hourly: hoursFrom(report.hourly, this.deps.clock.now(), options.hours) };
  }

  /**
   * The background job: brings every household's forecast up to date (waiting for the provider,
   * unlike a request) and announces changes with `weather.updated`. Tests call it directly.
   */
  async refreshAll(): Promise<void> {
    for (const householdId of await this.deps.households.listIds()) {
      if (this.aborter.signal.aborted) return;
      try {
        await this.report(householdId, true);
      } catch (err) {
        this.deps.onBackgroundError?.(err);
      }
    }
  }

  /** Stops any exchange in flight (on app close). */
  close(): void {
    this.aborter.abort();
  }

  private async report(householdId: string, waitForRefresh: boolean): Promise<WeatherReport> {
    const household = await this.deps.households.get(householdId);
    const t = translator(household.locale);
    const unavailable = (code: WeatherUnavailable['code'], message: string): WeatherReport =>
      this.announce(householdId, {
        current: null,
        hourly: [],
        daily: [],
        provider: this.providerName,
        fetchedAt: null,
        stale: true,
        unavailable: { code, message },
      });
    if (household.latitude == null || household.longitude == null) return unavailable('NO_LOCATION', t('weather.noLocation'));
    if (!(await this.deps.consents.isGranted(householdId, 'location'))) return unavailable('LOCATION_CONSENT_REQUIRED', t('weather.locationConsentRequired'));

    const query: ForecastQuery = { latitude: roundCoord(household.latitude), longitude: roundCoord(household.longitude), timezone: household.timezone };
    const key = `${query.latitude.toFixed(2)},${query.longitude.toFixed(2)}@${query.timezone}`;
    let entry = this.memory.get(key) ?? (await this.restore(householdId, key));
    const now = this.deps.clock.now().getTime();
    // Stale here: another instance sharing the store may have fetched it since (once per refresh, not once per instance).
    if (entry && now >= entry.freshUntil) entry = (await this.restore(householdId, key)) ?? entry;

    if (!entry || now >= entry.freshUntil) {
      if (now >= this.notBefore && now >= (this.placeBackoff.get(key)?.until ?? 0)) {
        const refreshing = this.refresh(key, query);
        const wait = waitForRefresh ? null : entry ? this.options.softDeadlineMs : this.options.firstFetchDeadlineMs;
        const settled = wait === null ? await refreshing.catch(() => null) : await this.within(refreshing, wait);
        if (settled) entry = settled;
      }
    }
    if (!entry) return unavailable('WEATHER_UNAVAILABLE', t('weather.unavailable'));
    await this.persistFor(householdId, entry);
    return this.announce(householdId, this.toReport(entry, household.timezone));
  }

  private toReport(entry: CacheEntry, zone: string): WeatherReport {
    const now = this.deps.clock.now();
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    const todayStart = today.toMillis();
    const todayDate = today.toISODate() ?? '';
    return {
      current: currentConditions(entry.forecast, now),
      // A forecast restored after days offline still starts today: yesterday's hours are of no use.
      hourly: entry.forecast.hourly.filter((h) => Date.parse(h.time) >= todayStart),
      daily: entry.forecast.daily.filter((d) => d.date >= todayDate),
      provider: this.providerName,
      fetchedAt: new Date(entry.fetchedAt).toISOString(),
      stale: now.getTime() >= entry.freshUntil,
    };
  }

  /** One exchange per place at a time, however many households and mirrors ask at once. */
  private refresh(key: string, query: ForecastQuery): Promise<CacheEntry> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = this.fetchEntry(key, query).finally(() => this.inflight.delete(key));
    // A request that stopped waiting (soft deadline) must not leave an unhandled rejection behind.
    promise.catch(() => {});
    this.inflight.set(key, promise);
    return promise;
  }

  private async fetchEntry(key: string, query: ForecastQuery): Promise<CacheEntry> {
    const { provider, clock } = this.deps;
    let forecast: NormalisedForecast;
    let freshForMs: number | null;
    try {
      const fetched = await fetchJson(provider.request(query), this.options.fetch, this.aborter.signal);
      forecast = provider.parse(fetched.body, query);
      freshForMs = fetched.freshForMs;
    } catch (err) {
      const failure = err instanceof ProviderError ? err : new ProviderError('invalid', err instanceof Error ? err.message : String(err));
      this.lastErrorKind = failure.kind;
      this.backOff(key, failure);
      throw failure;
    }
    this.consecutiveFailures = 0;
    this.placeBackoff.delete(key);
    this.lastErrorKind = null;
    const fetchedAt = clock.now().getTime();
    const entry: CacheEntry = {
      locationKey: key,
      forecast,
      fetchedAt,
      freshUntil: fetchedAt + Math.max(this.options.ttlMs, freshForMs ?? 0),
      persistedFor: new Set(),
    };
    this.memory.set(key, entry);
    return entry;
  }

  /**
   * Who waits after a failure. A refused (4xx) or unreadable answer is about one place (its
   * coordinates, its zone): that place backs off, doubling, and the others are still asked. Rate
   * limiting (429, Retry-After) and the provider being unreachable or failing (network, timeout,
   * cut-off body, 5xx) are about the provider: then nobody asks it for a while.
   */
  private backOff(key: string, failure: ProviderError): void {
    const now = this.deps.clock.now().getTime();
    const delay = (failures: number): number => Math.min(this.options.failureBackoffMs * 2 ** (failures - 1), this.options.maxFailureBackoffMs);
    const status = failure.details.status ?? 0;
    const aboutThePlace = (failure.kind === 'http' && status >= 400 && status < 500) || failure.kind === 'invalid' || failure.kind === 'empty';
    if (aboutThePlace) {
      const failures = (this.placeBackoff.get(key)?.failures ?? 0) + 1;
      if (this.placeBackoff.size >= 10_000) this.placeBackoff.clear();
      this.placeBackoff.set(key, { until: now + delay(failures), failures });
      return;
    }
    this.consecutiveFailures += 1;
    const wait = failure.kind === 'rate_limited' ? (failure.details.retryAfterMs ?? delay(this.consecutiveFailures)) : delay(this.consecutiveFailures);
    this.notBefore = Math.max(this.notBefore, now + wait);
  }

  private async restore(householdId: string, key: string): Promise<CacheEntry | undefined> {
    const stored = await loadForecast(this.deps.store.db, householdId, this.providerName);
    if (!stored || stored.locationKey !== key) return undefined;
    const entry: CacheEntry = { ...stored, persistedFor: new Set([householdId]) };
    const known = this.memory.get(key);
    if (known && known.fetchedAt >= entry.fetchedAt) return known;
    this.memory.set(key, entry);
    return entry;
  }

  /** Best effort: a store hiccup must not turn a good forecast into an error (the next request retries). */
  private async persistFor(householdId: string, entry: CacheEntry): Promise<void> {
    if (entry.persistedFor.has(householdId)) return;
    try {
      await saveForecast(this.deps.store.db, householdId, this.providerName, entry);
      entry.persistedFor.add(householdId);
    } catch (err) {
      this.deps.onBackgroundError?.(err);
    }
  }

  /** The refreshed entry if it arrives within `ms`, else null (the refresh goes on and fills the cache). */
  private async within(promise: Promise<CacheEntry>, ms: number): Promise<CacheEntry | null> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    });
    try {
      return await Promise.race([promise.catch(() => null), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private announce(householdId: string, report: WeatherReport): WeatherReport {
    const signature = `${report.fetchedAt}|${report.stale}|${report.unavailable?.code ?? ''}`;
    // Mirrors redraw on this event, so it is sent when what they show changes, not on every read.
    if (this.published.get(householdId) !== signature) {
      this.published.set(householdId, signature);
      this.deps.events.publish('weather.updated', householdId, { stale: report.stale, fetchedAt: report.fetchedAt });
    }
    return report;
  }
}
