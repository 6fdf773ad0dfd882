import { DateTime } from 'luxon';
import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import type { EventBus } from '@server/core/event-bus';
import type { HouseholdService } from '@server/households/service';
import type { ConsentService } from '@server/privacy/consents';
import type { WeatherService } from '@server/weather/service';
import { classifyEvent, dayDressCode } from './dress-code';
import { hoursWithin, overrideHours, summarise } from './outdoor-weather';
import { outdoorWindows, type TimedEvent } from './outdoor-windows';
import { ACTIVITIES, type AgendaSource, type ContextEvent, type ContextOverrides, type DayContext, type DayContextRequest, type HourlyWeather } from './types';

export interface DayContextDeps {
  clock: Clock;
  events: EventBus;
  households: HouseholdService;
  consents: ConsentService;
  weather: Pick<WeatherService, 'forecast'>;
  /** The calendar capability, read at call time; null or absent means no events. */
  agenda: () => AgendaSource | null;
}

/** Long enough to absorb a burst (mirror + voice + outfit on the same morning), short enough to follow edits. */
export const CONTEXT_TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Cached {
  householdId: string;
  at: number;
  value: Promise<DayContext>;
}

/**
 * The day as the outfit engine, the skills and the mirror read it (see types.ts). On the hot path
 * of every outfit suggestion, so results are kept a minute per (household, profile, date,
 * overrides) and dropped as soon as the household's weather or agenda changes.
 */
export class DayContextService {
  private readonly cache = new Map<string, Cached>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: DayContextDeps) {
    this.unsubscribe = deps.events.subscribe((event) => {
      // household.updated: its zone, commute, people or units may have changed.
      if (event.type === 'weather.updated' || event.type === 'agenda.updated' || event.type === 'household.updated') this.forget(event.householdId);
    });
  }

  async build(householdId: string, opts: DayContextRequest = {}): Promise<DayContext> {
    // Consent is part of the key (one indexed read): a withdrawn consent takes effect at once, not in a minute.
    const consents = await this.deps.consents.list(householdId);
    const key = JSON.stringify([householdId, opts.profileId ?? null, opts.date ?? this.today(), opts.overrides ?? null, consents.calendars, consents.location]);
    const now = this.deps.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CONTEXT_TTL_MS) return hit.value;
    const value = this.compute(householdId, opts);
    this.cache.set(key, { householdId, at: now, value });
    // A failure (unknown profile, bad date) is not remembered.
    value.catch(() => {
      if (this.cache.get(key)?.value === value) this.cache.delete(key);
    });
    if (this.cache.size > MAX_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return value;
  }

  close(): void {
    this.unsubscribe();
    this.cache.clear();
  }

  /**
   * "Today" in the cache key, without reading the household's zone first: the current UTC minute.
   * Local midnight falls on a minute boundary in every zone, so a cached today never outlives it.
   */
  private today(): string {
    return `today@${Math.floor(this.deps.clock.now().getTime() / 60_000)}`;
  }

  private forget(householdId: string): void {
    for (const [key, entry] of this.cache) if (entry.householdId === householdId) this.cache.delete(key);
  }

  private async compute(householdId: string, opts: DayContextRequest): Promise<DayContext> {
    const household = await this.deps.households.get(householdId);
    const profile = await this.deps.households.resolveProfile(householdId, opts.profileId);
    const zone = household.timezone;
    const day = this.dayOf(opts.date, zone);
    const date = day.toISODate() ?? '';
    const overrides = opts.overrides ?? {};

    const events = overrides.events ? this.overrideEvents(overrides.events, day, zone) : await this.liveEvents(householdId, profile.id, day, zone);
    const timed: TimedEvent[] = events.filter((e) => !e.allDay).map((e) => ({ start: Date.parse(e.start), end: Date.parse(e.end), location: e.location }));
    const windows = outdoorWindows(day, household.settings.commute, timed);

    let hourly: HourlyWeather[] = [];
    let weatherStale = false;
    if (overrides.weather) {
      hourly = overrideHours(overrides.weather, day, zone);
    } else {
      const report = await this.deps.weather.forecast(householdId);
      hourly = report.hourly;
      weatherStale = report.stale;
    }
    const weather = summarise(hoursWithin(hourly, windows));

    const activities = new Set(events.flatMap((e) => e.activities));
    return {
      householdId,
      profileId: profile.id,
      date,
      timezone: zone,
      locale: profile.locale,
      units: household.units,
      outdoorWindows: windows.map((w) => ({ start: this.iso(w.start, zone), end: this.iso(w.end, zone), source: w.source })),
      weather,
      weatherStale: weather ? weatherStale : false,
      events,
      dressCode: dayDressCode(events.map((e) => e.dressCode)),
      activities: ACTIVITIES.filter((a) => activities.has(a)),
    };
  }

  private dayOf(date: string | undefined, zone: string): DateTime {
    if (date === undefined) return DateTime.fromJSDate(this.deps.clock.now(), { zone }).startOf('day');
    const day = DATE.test(date) ? DateTime.fromISO(date, { zone }) : null;
    if (!day?.isValid) throw new AppError('errors.validationFailed', 400, { where: 'date', detail: 'must be a calendar date YYYY-MM-DD' });
    return day.startOf('day');
  }

  private iso(ms: number, zone: string): string {
    return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString();
  }

  /**
   * The person's day from the calendars (the household's shared ones and their own, not another
   * person's), only with the household's consent and when the calendar capability is there.
   */
  private async liveEvents(householdId: string, profileId: string, day: DateTime, zone: string): Promise<ContextEvent[]> {
    const source = this.deps.agenda();
    if (!source || !(await this.deps.consents.isGranted(householdId, 'calendars'))) return [];
    const agenda = await source.agenda(householdId, day.toJSDate(), day.plus({ days: 1 }).toJSDate(), { profileId });
    return agenda.map((e) => {
      const { dressCode, activities } = classifyEvent(e);
      return {
        uid: e.uid,
        title: e.title,
        start: e.allDay ? e.start : this.normalise(e.start, zone),
        end: e.allDay ? e.end : this.normalise(e.end, zone),
        allDay: e.allDay,
        location: e.location,
        dressCode,
        activities,
      };
    });
  }

  /** What-if events, as given or as the agenda returned them; those not on `day` are left out. */
  private overrideEvents(input: NonNullable<ContextOverrides['events']>, day: DateTime, zone: string): ContextEvent[] {
    const dayStart = day.toMillis();
    const dayEnd = day.plus({ days: 1 }).toMillis();
    const dayDate = day.toISODate() ?? '';
    const events: ContextEvent[] = [];
    input.forEach((e, i) => {
      const allDay = e.allDay ?? DATE.test(e.start);
      const start = allDay ? e.start.slice(0, 10) : this.normalise(e.start, zone, `events[${i}].start`);
      const end = allDay ? e.end.slice(0, 10) : this.normalise(e.end, zone, `events[${i}].end`);
      // All-day ends are exclusive dates; a one-day event may give end = start.
      const onDay = allDay ? start <= dayDate && (end > dayDate || end === start) : Date.parse(start) < dayEnd && Date.parse(end) > dayStart;
      if (!onDay) return;
      const classified = classifyEvent({ title: e.title, location: e.location ?? null });
      events.push({
        uid: `override-${i}`,
        title: e.title,
        start,
        end,
        allDay,
        location: e.location ?? null,
        dressCode: e.dressCode ?? classified.dressCode,
        activities: classified.activities,
      });
    });
    return events;
  }

  private normalise(iso: string, zone: string, where = 'event'): string {
    const dt = DateTime.fromISO(iso, { setZone: true });
    if (!dt.isValid) throw new AppError('errors.validationFailed', 400, { where, detail: 'must be an ISO 8601 date-time' });
    return dt.setZone(zone).toISO({ suppressMilliseconds: true }) ?? iso;
  }
}
