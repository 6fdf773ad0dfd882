import { DateTime } from 'luxon';
import type { CommuteSettings } from '@server/households/service';
import type { OutdoorWindow } from './types';

/** Time to get from the door to the event and back: counted as outside. */
export const TRAVEL_MARGIN_MIN = 30;
/** Two outings closer than this are one: nobody goes home for an hour between office and dinner. */
export const MERGE_GAP_MIN = 90;
/** When nothing says when the person is out: a plain daytime outing. */
export const DEFAULT_DAY = { start: '09:00', end: '18:00' };

export interface TimedEvent {
  start: number;
  end: number;
  location: string | null;
}

interface Span {
  start: number;
  end: number;
  source: OutdoorWindow['source'];
}

function at(day: DateTime, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
}

/**
 * When the person is outside on `day` (a start of day in the household zone):
 * - on a commute day, the commute, extended by events with a location next to it (an evening
 *   dinner pushes the return back); events far from it (gap ≥ 90 min) are outings of their own;
 * - on another day, from the first departure to the last return of the events with a location;
 * - else a default daytime window.
 * Events count with a 30-minute travel margin each side; all-day and location-less events do not
 * say when one is out and are ignored here. Windows are clipped to the day.
 */
export function outdoorWindows(day: DateTime, commute: CommuteSettings | null, events: TimedEvent[]): Array<{ start: number; end: number; source: OutdoorWindow['source'] }> {
  const dayStart = day.toMillis();
  const dayEnd = day.plus({ days: 1 }).toMillis();
  const margin = TRAVEL_MARGIN_MIN * 60_000;
  const clip = (s: Span): Span | null => {
    const start = Math.max(s.start, dayStart);
    const end = Math.min(s.end, dayEnd);
    return end > start ? { ...s, start, end } : null;
  };
  const located = events
    .filter((e) => e.location && e.location.trim() !== '')
    .map((e) => clip({ start: e.start - margin, end: e.end + margin, source: 'events' }))
    .filter((s): s is Span => s !== null)
    .sort((a, b) => a.start - b.start);

  const commutes = commute !== null && commute.days.includes(day.weekday);
  if (commutes) {
    const base = clip({ start: at(day, commute.leave), end: at(day, commute.return), source: 'commute' });
    const spans = [...(base ? [base] : []), ...located].sort((a, b) => a.start - b.start);
    const merged: Span[] = [];
    for (const s of spans) {
      const last = merged.at(-1);
      if (last && s.start - last.end < MERGE_GAP_MIN * 60_000) {
        last.end = Math.max(last.end, s.end);
        if (s.source === 'commute') last.source = 'commute';
      } else merged.push({ ...s });
    }
    if (merged.length > 0) return merged;
  }
  if (located.length > 0) {
    return [{ start: located[0].start, end: Math.max(...located.map((s) => s.end)), source: 'events' }];
  }
  return [{ start: at(day, DEFAULT_DAY.start), end: at(day, DEFAULT_DAY.end), source: 'default' }];
}
