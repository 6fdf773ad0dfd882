/**
 * Time in the household's zone with Intl only (no date library in the bundle). The mirror may sit
 * in a browser whose own zone differs from the household's, so nothing here uses local time.
 */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

export function zonedParts(at: Date, timeZone: string): ZonedParts {
  let fmt = partsFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    partsFormatters.set(timeZone, fmt);
  }
  const out: Record<string, number> = {};
  for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') out[part.type] = Number(part.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute };
}

/** `YYYY-MM-DD` of the household's day at `at`. */
export function zonedDayKey(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether `at` falls in the household's night window; a window may wrap past midnight (22:00–06:30). */
export function isNight(at: Date, timeZone: string, night: { enabled: boolean; start: string; end: string }): boolean {
  if (!night.enabled) return false;
  const p = zonedParts(at, timeZone);
  const now = p.hour * 60 + p.minute;
  const start = minutesOf(night.start);
  const end = minutesOf(night.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
