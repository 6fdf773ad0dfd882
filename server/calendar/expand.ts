import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { DateTime, type Zone } from 'luxon';
import type { EventGroup, IcsDate, ParsedEvent, ParsedFeed } from './ics-parse';
import type { AgendaEvent } from './types';
import { walkRule, wallRule, type RuleContext } from './recurrence';
import { addDays, DAY_MS, dayNumber, wallKey } from './wall-time';
import { formatDate, formatInstant, millisToWall, wallToMillis, type WallTime, type ZoneRef } from './zones';

/** One occurrence as CONTRACT.md shapes it, plus what the agenda adds (all but the calendar id). */
export interface ExpandedEvent extends Omit<AgendaEvent, 'calendarId'> {
  /** The start instant, for sorting and merging calendars. */
  startMs: number;
}

export interface ExpandWindow {
  from: Date;
  to: Date;
  /** The viewer's zone (floating times and all-day days are read in it). */
  zone: Zone;
}

/** Longest stretch of synchronous expansion before the event loop gets a turn. */
const SLICE_MS = 10;

interface Context extends RuleContext {
  from: number;
  to: number;
}

function pacer(): () => Promise<void> | null {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < SLICE_MS) return null;
    return yieldToLoop().then(() => {
      sliceStart = performance.now();
    });
  };
}

/**
 * Every occurrence of a parsed feed that overlaps [from, to), sorted by start. Recurrences are
 * iterated in the wall time of their DTSTART zone (so a 09:00 weekly meeting stays at 09:00 across
 * DST), then placed on the time line; only instances near the window are converted.
 */
export async function expandFeed(feed: ParsedFeed, window: ExpandWindow, warn: (message: string) => void = () => {}): Promise<ExpandedEvent[]> {
  const ctx: Context = { from: window.from.getTime(), to: window.to.getTime(), view: window.zone, calendarZone: feed.calendarZone, warn, pace: pacer() };
  const out: ExpandedEvent[] = [];
  for (const group of feed.groups) {
    await expandGroup(group, ctx, out);
    await ctx.pace();
  }
  return out.sort(compareEvents);
}

export function compareEvents(a: ExpandedEvent, b: ExpandedEvent): number {
  return a.startMs - b.startMs || Number(b.allDay) - Number(a.allDay) || a.title.localeCompare(b.title) || a.uid.localeCompare(b.uid);
}

async function expandGroup(group: EventGroup, ctx: Context, out: ExpandedEvent[]): Promise<void> {
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
    if (master.start.isDate) await expandAllDaySeries(master, live, ctx, out);
    else await expandTimedSeries(master, live, ctx, out);
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

/** Wall-time keys are within a day of the instants they name, so this rejects without any zone math. */
function clearlyOutside(startKey: number, endKey: number, ctx: Context): boolean {
  return endKey < ctx.from - 2 * DAY_MS || startKey > ctx.to + 2 * DAY_MS;
}

/** An upper bound of an event's length read from wall times (its zone math is left for later). */
function roughDurationMs(event: ParsedEvent): number {
  if (event.end) return Math.max(0, wallKey(event.end.wall) - wallKey(event.start.wall)) + DAY_MS;
  if (event.duration) return Math.max(0, event.duration.toSeconds() * 1000) + DAY_MS;
  return DAY_MS;
}

async function expandTimedSeries(master: ParsedEvent, overrides: ParsedEvent[], ctx: Context, out: ExpandedEvent[]): Promise<void> {
  const zone = seriesZone(master.start, ctx);
  const rough = roughDurationMs(master);
  const startWalls: WallTime[] = [];
  if (master.rrule) {
    const rule = wallRule(master.rrule, master, zone, ctx);
    // Instances are converted only near the window; the margin covers any zone offset.
    const lowerKey = ctx.from - rough - 2 * DAY_MS;
    await walkRule(master, rule, lowerKey, ctx.to + 2 * DAY_MS, ctx, (wall) => {
      if (wallKey(wall) >= lowerKey) startWalls.push(wall);
    });
  } else {
    const key = wallKey(master.start.wall);
    if (!clearlyOutside(key, key + rough, ctx)) startWalls.push(master.start.wall);
  }
  if (startWalls.length === 0 && master.rdates.length === 0) return;
  const durationMs = exactDurationMs(master, zone, ctx);
  const instances = new Map<number, number>(); // start ms → end ms
  for (const wall of startWalls) {
    const start = wallToMillis(wall, zone, ctx.view);
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

async function expandAllDaySeries(master: ParsedEvent, overrides: ParsedEvent[], ctx: Context, out: ExpandedEvent[]): Promise<void> {
  const days = dayCount(master, ctx);
  const viewZone: ZoneRef = { kind: 'luxon', zone: ctx.view };
  const dates = new Map<number, number>(); // first day → day count
  if (master.rrule) {
    const rule = wallRule(master.rrule, master, viewZone, ctx);
    const lowerKey = ctx.from - (days + 2) * DAY_MS;
    await walkRule(master, rule, lowerKey, ctx.to + 2 * DAY_MS, ctx, (wall) => {
      if (wallKey(wall) >= lowerKey) dates.set(dayNumber(wall), days);
    });
  } else {
    dates.set(dayNumber(master.start.wall), days);
  }
  for (const r of master.rdates) dates.set(dateIn(r.start, ctx), days);
  for (const ex of master.exdates) dates.delete(dateIn(ex, ctx));
  for (const o of overrides) dates.delete(dateIn(o.recurrenceId!, ctx));
  for (const [day, count] of dates) {
    if (!clearlyOutside(day * DAY_MS, (day + count) * DAY_MS, ctx)) pushAllDay(master, day, count, ctx, out);
  }
}

function emitSingle(event: ParsedEvent, ctx: Context, out: ExpandedEvent[]): void {
  const key = wallKey(event.start.wall);
  if (clearlyOutside(key, key + roughDurationMs(event) + (event.start.isDate ? DAY_MS * (dayCount(event, ctx) - 1) : 0), ctx)) return;
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
