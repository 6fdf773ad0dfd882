import ICAL from 'ical.js';
import { DAY_MS } from '@server/core/durations';
import type { WallTime } from './zones';

/** Wall times (dates and times as written, before any zone) as cheap numbers and library times. */

export { DAY_MS };

/** Wall time read as if it were UTC: a cheap ordering key, within a day of any zone's reading. */
export const wallKey = (w: WallTime): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
export const wallOf = (t: ICAL.Time): WallTime => ({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second });
export const floating = (w: WallTime, isDate: boolean): ICAL.Time => ICAL.Time.fromData({ ...w, isDate });
export const addDays = (w: WallTime, days: number): WallTime => {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, second: 0 };
};
export const dayNumber = (w: WallTime): number => Math.round(Date.UTC(w.year, w.month - 1, w.day) / DAY_MS);

