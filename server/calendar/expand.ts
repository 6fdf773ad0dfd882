import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ICAL from 'ical.js';
import { DateTime, type Zone } from 'luxon';
import type { EventGroup, IcsDate, ParsedEvent, ParsedFeed } from './ics-parse';
import { formatDate, formatInstant, millisToWall, wallToMillis, type WallTime, type ZoneRef } from './zones';

/** One occurrence as CONTRACT.md shapes it, plus what the agenda adds. */
export interface ExpandedEvent {
  uid: string;
  title: string;
  /** ISO with the viewer's offset for timed events; YYYY-MM-DD for all-day events (end exclusive). */
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  description: string | null;
  categories: string[];
  /** The start instant, for sorting and merging calendars. */
  startMs: number;
}

export interface ExpandWindow {
  from: Date;
  to: Date;
  /** The viewer's zone (floating times and all-day days are read in it). */
  zone: Zone;
}

const DAY_MS = 86_400_000;
/** A rule that would need more steps than this to reach the window is cut short (with a warning). */
const MAX_STEPS_PER_SERIES = 200_000;

interface Context {
  from: number;
  to: number;
  view: Zone;
  calendarZone: Zone | null;
  warn(message: string): void;
}

/** Wall time read as if it were UTC: a cheap ordering key, within a day of any zone's reading. */
const wallKey = (w: WallTime): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
const wallOf = (t: ICAL.Time): WallTime => ({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second });
const floating = (w: WallTime, isDate: boolean): ICAL.Time => ICAL.Time.fromData({ ...w, isDate });
const addDays = (w: WallTime, days: number): WallTime => {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, second: 0 };
};
const dayNumber = (w: WallTime): number => Math.round(Date.UTC(w.year, w.month - 1, w.day) / DAY_MS);

/**
 * Every occurrence of a parsed feed that overlaps [from, to), sorted by start. Recurrences are
 * iterated in the wall time of their DTSTART zone (so a 09:00 weekly meeting stays at 09:00 across
 * DST), then placed on the time line; only instances near the window are converted.
 */
export async function expandFeed(feed: ParsedFeed, window: ExpandWindow, warn: (message: string) => void = () => {}): Promise<ExpandedEvent[]> {
  const ctx: Context = { from: window.from.getTime(), to: window.to.getTime(), view: window.zone, calendarZone: feed.calendarZone, warn };
  const out: ExpandedEvent[] = [];
  let sliceStart = performance.now();
  for (let i = 0; i < feed.groups.length; i++) {
    expandGroup(feed.groups[i], ctx, out);
    if (i % 64 === 63 && performance.now() - sliceStart > 10) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  return out.sort(compareEvents);
}

export function compareEvents(a: ExpandedEvent, b: ExpandedEvent): number {
  return a.startMs - b.startMs || Number(b.allDay) - Number(a.allDay) || a.title.localeCompare(b.title) || a.uid.localeCompare(b.uid);
}

function expandGroup(group: EventGroup, ctx: Context, out: ExpandedEvent[]): void {
  const masters = group.masters.filter((m) => !m.cancelled);
  // Several edits of one instance: the highest SEQUENCE is the current one.
  const overrides = new Map<string, ParsedEvent>();
  for (const o of group.overrides) {
    const key = overrideKey(o);
    const seen = overrides.get(key);
    if (!seen || o.sequence >= seen.sequence) overrides.set(key, o);
  }
  const live = [...overrides.values()];
  if (group.masters.length > 0 && masters.length === 0) return; // the whole series was cancelled
  for (const master of masters) {
    if (master.start.isDate) expandAllDaySeries(master, live, ctx, out);
    else expandTimedSeries(master, live, ctx, out);
  }
  for (const o of live) if (!o.cancelled) emitSingle(o, ctx, out);
}

function overrideKey(o: ParsedEvent): string {
  const r = o.recurrenceId!;
  return `${r.isDate}|${r.zone.kind}|${wallKey(r.wall)}`;
}

function seriesZone(date: IcsDate, ctx: Context): ZoneRef {
  return date.zone.kind === 'floating' ? { kind: 'luxon', zone: ctx.view } : date.zone;
}

/** Floating dates inside a series (EXDATE, RDATE, RECURRENCE-ID) belong to the series' zone. */
function instantIn(date: IcsDate, zone: ZoneRef, ctx: Context): number {
  return wallToMillis(date.wall, date.zone.kind === 'floating' ? zone : date.zone, ctx.view);
}

/** The day a date names: its own wall date, except UTC times, read in the calendar's (or viewer's) zone. */
function dateIn(date: IcsDate, ctx: Context): number {
  if (date.isDate || date.zone.kind !== 'utc') return dayNumber(date.wall);
  return dayNumber(millisToWall(wallKey(date.wall), { kind: 'luxon', zone: ctx.calendarZone ?? ctx.view }, ctx.view));
}

function exactDurationMs(event: ParsedEvent, zone: ZoneRef, ctx: Context): number {
  if (event.end) {
    const ms = instantIn(event.end, zone, ctx) - instantIn(event.start, zone, ctx);
    if (ms < 0) {
      ctx.warn(`line ${event.line}: DTEND before DTSTART in "${event.title}"; treated as no duration`);
      return 0;
    }
    return ms;
  }
  if (event.duration) return Math.max(0, event.duration.toSeconds() * 1000);
  return 0;
}

function dayCount(event: ParsedEvent, ctx: Context): number {
  if (event.end) {
    const days = dateIn(event.end, ctx) - dayNumber(event.start.wall);
    return Math.max(1, days);
  }
  if (event.duration) return Math.max(1, Math.round(event.duration.toSeconds() / 86_400));
  return 1;
}

/**
 * The rule's UNTIL rewritten in the series' own wall time. Iterating in wall time against a UTC
 * UNTIL would drop the last instance whenever the zone is east of UTC (Outlook writes UNTIL as the
 * last start in UTC). Date-only series compare dates: a UTC UNTIL is read in the calendar's zone
 * (X-WR-TIMEZONE) when it has one, else the viewer's.
 */
function wallRule(rule: ICAL.Recur, master: ParsedEvent, zone: ZoneRef, ctx: Context): ICAL.Recur {
  const until = rule.until;
  if (!until) return rule;
  const copy = rule.clone();
  const untilWall = wallOf(until);
  const isUtc = until.zone === ICAL.Timezone.utcTimezone || until.zone?.tzid === 'UTC';
  if (master.start.isDate) {
    const dateZone: ZoneRef = { kind: 'luxon', zone: ctx.calendarZone ?? ctx.view };
    const wall = isUtc && !until.isDate ? millisToWall(wallKey(untilWall), dateZone, ctx.view) : untilWall;
    copy.until = floating({ ...wall, hour: 0, minute: 0, second: 0 }, true);
  } else if (until.isDate) {
    copy.until = floating({ ...untilWall, hour: 23, minute: 59, second: 59 }, false);
  } else if (isUtc) {
    copy.until = floating(millisToWall(wallKey(untilWall), zone, ctx.view), false);
  } else {
    copy.until = floating(untilWall, false);
  }
  return copy;
}

/** Walks the rule from DTSTART in wall time, calling `visit` for instances up to `upperKey`. */
function walkRule(master: ParsedEvent, rule: ICAL.Recur, upperKey: number, ctx: Context, visit: (wall: WallTime) => void): void {
  const iterator = rule.iterator(floating(master.start.wall, master.start.isDate));
  for (let steps = 0; ; steps++) {
    if (steps >= MAX_STEPS_PER_SERIES) {
      ctx.warn(`line ${master.line}: the rule of "${master.title}" is too dense to reach the window; later instances left out`);
      return;
    }
    const next = iterator.next();
    if (!next) return;
    const wall = wallOf(next);
    if (wallKey(wall) >= upperKey) return;
    visit(wall);
  }
}

function expandTimedSeries(master: ParsedEvent, overrides: ParsedEvent[], ctx: Context, out: ExpandedEvent[]): void {
  const zone = seriesZone(master.start, ctx);
  const durationMs = exactDurationMs(master, zone, ctx);
  const instances = new Map<number, number>(); // start ms → end ms
  if (master.rrule) {
    const rule = wallRule(master.rrule, master, zone, ctx);
    // Instances are converted only near the window; the margin covers any zone offset.
    const lowerKey = ctx.from - durationMs - 2 * DAY_MS;
    walkRule(master, rule, ctx.to + 2 * DAY_MS, ctx, (wall) => {
      if (wallKey(wall) < lowerKey) return;
      const start = wallToMillis(wall, zone, ctx.view);
      instances.set(start, start + durationMs);
    });
  } else {
    const start = instantIn(master.start, zone, ctx);
    instances.set(start, start + durationMs);
  }
  for (const r of master.rdates) {
    const start = instantIn(r.start, zone, ctx);
    const end = r.end ? instantIn(r.end, zone, ctx) : r.duration ? start + r.duration.toSeconds() * 1000 : start + durationMs;
    instances.set(start, Math.max(start, end));
  }
  const excludedDays = new Set<number>();
  for (const ex of master.exdates) {
    // A date-only EXDATE against timed instances removes that whole day (in the series' zone).
    if (ex.isDate) excludedDays.add(dayNumber(ex.wall));
    else instances.delete(instantIn(ex, zone, ctx));
  }
  for (const o of overrides) {
    const rid = o.recurrenceId!;
    if (rid.isDate) excludedDays.add(dayNumber(rid.wall));
    else instances.delete(instantIn(rid, zone, ctx));
  }
  for (const [start, end] of instances) {
    if (excludedDays.size > 0 && excludedDays.has(dayNumber(millisToWall(start, zone, ctx.view)))) continue;
    pushTimed(master, start, end, ctx, out);
  }
}

function expandAllDaySeries(master: ParsedEvent, overrides: ParsedEvent[], ctx: Context, out: ExpandedEvent[]): void {
  const days = dayCount(master, ctx);
  const viewZone: ZoneRef = { kind: 'luxon', zone: ctx.view };
  const dates = new Map<number, number>(); // first day → day count
  if (master.rrule) {
    const rule = wallRule(master.rrule, master, viewZone, ctx);
    const lowerKey = ctx.from - (days + 2) * DAY_MS;
    walkRule(master, rule, ctx.to + 2 * DAY_MS, ctx, (wall) => {
      if (wallKey(wall) >= lowerKey) dates.set(dayNumber(wall), days);
    });
  } else {
    dates.set(dayNumber(master.start.wall), days);
  }
  for (const r of master.rdates) dates.set(dateIn(r.start, ctx), days);
  for (const ex of master.exdates) dates.delete(dateIn(ex, ctx));
  for (const o of overrides) dates.delete(dateIn(o.recurrenceId!, ctx));
  for (const [day, count] of dates) pushAllDay(master, day, count, ctx, out);
}

function emitSingle(event: ParsedEvent, ctx: Context, out: ExpandedEvent[]): void {
  if (event.start.isDate) {
    pushAllDay(event, dayNumber(event.start.wall), dayCount(event, ctx), ctx, out);
    return;
  }
  const zone = seriesZone(event.start, ctx);
  const start = instantIn(event.start, zone, ctx);
  pushTimed(event, start, start + exactDurationMs(event, zone, ctx), ctx, out);
}

function pushTimed(event: ParsedEvent, start: number, end: number, ctx: Context, out: ExpandedEvent[]): void {
  const overlaps = end > start ? start < ctx.to && end > ctx.from : start >= ctx.from && start < ctx.to;
  if (!overlaps) return;
  out.push({
    uid: event.uid,
    title: event.title,
    start: formatInstant(start, ctx.view),
    end: formatInstant(end, ctx.view),
    allDay: false,
    location: event.location,
    description: event.description,
    categories: event.categories,
    startMs: start,
  });
}

/** All-day events cover whole days of the viewer's calendar: never shifted by an offset. */
function pushAllDay(event: ParsedEvent, firstDay: number, days: number, ctx: Context, out: ExpandedEvent[]): void {
  const first = new Date(firstDay * DAY_MS);
  const startWall: WallTime = { year: first.getUTCFullYear(), month: first.getUTCMonth() + 1, day: first.getUTCDate(), hour: 0, minute: 0, second: 0 };
  const endWall = addDays(startWall, days);
  const start = DateTime.fromObject(startWall, { zone: ctx.view }).toMillis();
  const end = DateTime.fromObject(endWall, { zone: ctx.view }).toMillis();
  if (!(start < ctx.to && end > ctx.from)) return;
  out.push({
    uid: event.uid,
    title: event.title,
    start: formatDate(startWall),
    end: formatDate(endWall),
    allDay: true,
    location: event.location,
    description: event.description,
    categories: event.categories,
    startMs: start,
  });
}
