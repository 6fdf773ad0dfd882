import type { Zone } from 'luxon';
import { expandFeed, type ExpandedEvent } from './expand';
import { parseIcs, type ParsedFeed } from './ics-parse';
import type { CalendarOccurrence } from './types';
import { ianaZone } from './zones';

export interface ExpandResult {
  events: CalendarOccurrence[];
  /** Properties or events skipped because they were broken: never fatal. */
  warnings: string[];
}

export class UnknownZoneError extends Error {
  constructor(readonly zone: string) {
    super(`unknown time zone "${zone}"`);
  }
}

export function viewZone(name: string): Zone {
  const zone = ianaZone(name);
  if (!zone) throw new UnknownZoneError(name);
  return zone;
}

export function toOccurrence(e: ExpandedEvent): CalendarOccurrence {
  return { uid: e.uid, title: e.title, start: e.start, end: e.end, allDay: e.allDay, location: e.location };
}

/** Expands an already parsed feed (the agenda keeps parsed feeds in memory). */
export async function expandParsed(feed: ParsedFeed, from: Date, to: Date, zone: string): Promise<{ events: ExpandedEvent[]; warnings: string[] }> {
  const warnings: string[] = [];
  const events = await expandFeed(feed, { from, to, zone: viewZone(zone) }, (w) => warnings.push(w));
  return { events, warnings };
}

/**
 * ICS text + window [from, to) + IANA zone → every occurrence overlapping the window, sorted by
 * start, shaped as `miroir calendar expand` prints them.
 */
export async function expandIcs(text: string, from: Date, to: Date, zone: string): Promise<ExpandResult> {
  viewZone(zone);
  const feed = await parseIcs(text);
  const expanded = await expandParsed(feed, from, to, zone);
  return { events: expanded.events.map(toOccurrence), warnings: [...feed.warnings, ...expanded.warnings] };
}
