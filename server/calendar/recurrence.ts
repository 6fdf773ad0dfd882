import ICAL from 'ical.js';
import type { Zone } from 'luxon';
import type { ParsedEvent } from './ics-parse';
import { DAY_MS, floating, wallKey, wallOf } from './wall-time';
import { millisToWall, type WallTime, type ZoneRef } from './zones';

/** A rule that would need more steps than this to reach the window is cut short (with a warning). */
const MAX_STEPS_PER_SERIES = 20_000;

/** What walking a rule needs from the expansion around it. */
export interface RuleContext {
  view: Zone;
  calendarZone: Zone | null;
  warn(message: string): void;
  /** Gives the event loop a turn when the current slice has run long enough. */
  pace(): Promise<void> | null;
}

/**
 * The rule's UNTIL rewritten in the series' own wall time. Iterating in wall time against a UTC
 * UNTIL would drop the last instance whenever the zone is east of UTC (Outlook writes UNTIL as the
 * last start in UTC). Date-only series compare dates: a UTC UNTIL is read in the calendar's zone
 * (X-WR-TIMEZONE) when it has one, else the viewer's.
 */
export function wallRule(rule: ICAL.Recur, master: ParsedEvent, zone: ZoneRef, ctx: RuleContext): ICAL.Recur {
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

const FIXED_PERIOD_MS: Record<string, number> = { SECONDLY: 1000, MINUTELY: 60_000, HOURLY: 3_600_000, DAILY: DAY_MS, WEEKLY: 7 * DAY_MS };

/**
 * Moves the start of an open-ended rule forward by whole periods to just before the window, so a
 * daily event started in 2005 costs a few steps in 2026 instead of 7,000 (the library's iterator
 * is slow: tens of microseconds a step). Whole periods keep the rule's phase (INTERVAL, weekdays,
 * set positions); parts implied by DTSTART are written out first so moving it changes nothing.
 * The moved start itself may not match the rule, but it lies before the window and is dropped.
 * Rules with COUNT must count from the real start and are not moved.
 */
function fastForward(master: ParsedEvent, rule: ICAL.Recur, lowerKey: number): { rule: ICAL.Recur; start: ICAL.Time } {
  const { wall, isDate } = master.start;
  const start = floating(wall, isDate);
  if (rule.count) return { rule, start };
  const interval = rule.interval || 1;
  const startKey = wallKey(wall);
  const fixed = FIXED_PERIOD_MS[rule.freq];
  if (fixed) {
    const period = fixed * interval;
    const periods = Math.floor((lowerKey - 2 * period - startKey) / period);
    if (periods <= 0) return { rule, start };
    const moved = new Date(startKey + periods * period);
    const movedWall: WallTime = { ...wall, year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate(), hour: moved.getUTCHours(), minute: moved.getUTCMinutes(), second: moved.getUTCSeconds() };
    const copy = rule.clone();
    if (rule.freq === 'WEEKLY' && !rule.parts.BYDAY) copy.setComponent('BYDAY', [ICAL.Recur.numericDayToIcalDay(start.dayOfWeek())]);
    return { rule: copy, start: floating(movedWall, isDate) };
  }
  const months = rule.freq === 'MONTHLY' ? interval : rule.freq === 'YEARLY' ? 12 * interval : 0;
  if (!months) return { rule, start };
  const lower = new Date(lowerKey);
  const monthsToLower = (lower.getUTCFullYear() - wall.year) * 12 + (lower.getUTCMonth() + 1 - wall.month);
  const periods = Math.floor((monthsToLower - 2 * months) / months);
  if (periods <= 0) return { rule, start };
  const copy = rule.clone();
  const parts = rule.parts as Record<string, unknown[] | undefined>;
  const has = (part: string): boolean => (parts[part]?.length ?? 0) > 0;
  if (!has('BYDAY') && !has('BYMONTHDAY') && !has('BYYEARDAY') && !has('BYWEEKNO')) copy.setComponent('BYMONTHDAY', [wall.day]);
  if (rule.freq === 'YEARLY' && !has('BYMONTH') && !has('BYYEARDAY') && !has('BYWEEKNO')) copy.setComponent('BYMONTH', [wall.month]);
  const total = wall.year * 12 + (wall.month - 1) + periods * months;
  const movedWall: WallTime = { ...wall, year: Math.floor(total / 12), month: (total % 12) + 1, day: 1 };
  return { rule: copy, start: floating(rule.freq === 'YEARLY' ? { ...movedWall, month: 1 } : movedWall, isDate) };
}

const BY_PARTS = ['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS'];

/**
 * A COUNT rule with one instance per period (the shape of "every week, 10 times") ends at a date
 * simple arithmetic gives: rewriting it as that UNTIL lets a series long over be skipped without
 * iterating, and one still running be fast-forwarded. Other COUNT rules are iterated from DTSTART.
 */
function countAsUntil(master: ParsedEvent, rule: ICAL.Recur): ICAL.Recur {
  if (!rule.count) return rule;
  const { wall, isDate } = master.start;
  const parts = rule.parts as Record<string, unknown[] | undefined>;
  const used = BY_PARTS.filter((p) => (parts[p]?.length ?? 0) > 0);
  const weekday = ICAL.Recur.numericDayToIcalDay(floating(wall, isDate).dayOfWeek());
  const onlyItsOwnWeekday = used.length === 1 && used[0] === 'BYDAY' && parts.BYDAY?.length === 1 && parts.BYDAY[0] === weekday;
  const steps = (rule.count - 1) * (rule.interval || 1);
  let last: WallTime | null = null;
  const fixed = FIXED_PERIOD_MS[rule.freq];
  if (fixed && (used.length === 0 || (rule.freq === 'WEEKLY' && onlyItsOwnWeekday))) {
    const d = new Date(wallKey(wall) + steps * fixed);
    last = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  } else if (used.length === 0 && (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') && wall.day <= 28) {
    const total = wall.year * 12 + (wall.month - 1) + steps * (rule.freq === 'YEARLY' ? 12 : 1);
    last = { ...wall, year: Math.floor(total / 12), month: (total % 12) + 1 };
  }
  if (!last) return rule;
  const copy = rule.clone();
  copy.count = null;
  copy.until = floating(last, isDate);
  return copy;
}

/** Walks the rule in wall time, calling `visit` for instances before `upperKey`, pausing for the event loop. */
export async function walkRule(master: ParsedEvent, fullRule: ICAL.Recur, lowerKey: number, upperKey: number, ctx: RuleContext, visit: (wall: WallTime) => void): Promise<void> {
  const bounded = countAsUntil(master, fullRule);
  // A series over before the window costs nothing.
  if (bounded.until && !bounded.count && wallKey(wallOf(bounded.until)) < lowerKey) return;
  const { rule, start } = fastForward(master, bounded, lowerKey);
  const iterator = rule.iterator(start);
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
    if ((steps & 255) === 255) await ctx.pace();
  }
}

