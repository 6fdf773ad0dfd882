import { createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ICAL from 'ical.js';
import type { Zone } from 'luxon';
import { scanIcs, type ContentLine } from './ics-scanner';
import { dateValues, parseDuration, parseProperty, PropertyError, type ParsedProperty, type RawDate } from './ics-values';
import { ianaZone, resolveTzid, tzidKey, type FeedTimezone, type WallTime, type ZoneRef } from './zones';

/** A date with its zone resolved against the feed's VTIMEZONEs. */
export interface IcsDate {
  wall: WallTime;
  isDate: boolean;
  zone: ZoneRef;
}

export interface RDate {
  start: IcsDate;
  end: IcsDate | null;
  duration: ICAL.Duration | null;
}

export interface ParsedEvent {
  uid: string;
  title: string;
  location: string | null;
  description: string | null;
  categories: string[];
  cancelled: boolean;
  start: IcsDate;
  end: IcsDate | null;
  duration: ICAL.Duration | null;
  rrule: ICAL.Recur | null;
  rdates: RDate[];
  exdates: IcsDate[];
  recurrenceId: IcsDate | null;
  sequence: number;
  line: number;
}

/** The events sharing one UID: the series (usually one) and the instances they override. */
export interface EventGroup {
  masters: ParsedEvent[];
  overrides: ParsedEvent[];
}

export interface ParsedFeed {
  groups: EventGroup[];
  /** X-WR-TIMEZONE (Google, Apple): the zone the calendar was written in, when it names one. */
  calendarZone: Zone | null;
  name: string | null;
  eventCount: number;
  warnings: string[];
}

/** Properties this module reads; every other line is left unparsed (most of a large feed). */
const WANTED = new Set([
  'UID', 'SUMMARY', 'LOCATION', 'DESCRIPTION', 'CATEGORIES', 'STATUS', 'DTSTART', 'DTEND', 'DURATION',
  'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID', 'SEQUENCE', 'X-MICROSOFT-CDO-ALLDAYEVENT',
]);

const MAX_WARNINGS = 200;

interface PendingDate {
  raw: RawDate;
  target: IcsDate;
}

function text(prop: ParsedProperty | undefined): string | null {
  if (!prop) return null;
  const value = prop.values.map(String).join(',').trim();
  return value.length > 0 ? value : null;
}

/**
 * Parses an iCalendar text into event groups, tolerating what real feeds contain: a broken
 * property is skipped with a warning, an event with no usable DTSTART is skipped with a warning,
 * nothing is fatal. Zones are resolved once all VTIMEZONEs are known (some feeds put them last).
 */
export async function parseIcs(source: string): Promise<ParsedFeed> {
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (warnings.length < MAX_WARNINGS) warnings.push(message);
    else if (warnings.length === MAX_WARNINGS) warnings.push('further warnings left out');
  };
  const feedZones = new Map<string, FeedTimezone>();
  const events: ParsedEvent[] = [];
  const pending: PendingDate[] = [];
  let calendarZoneName: string | null = null;
  let name: string | null = null;

  const toDate = (raw: RawDate): IcsDate => {
    const target: IcsDate = { wall: raw.wall, isDate: raw.isDate, zone: raw.utc ? { kind: 'utc' } : { kind: 'floating' } };
    if (raw.tzid) pending.push({ raw, target });
    return target;
  };

  await scanIcs(source, {
    calendarProperty(line) {
      if (line.name !== 'X-WR-TIMEZONE' && line.name !== 'X-WR-CALNAME') return;
      try {
        const value = text(parseProperty(line.text));
        if (line.name === 'X-WR-TIMEZONE') calendarZoneName = value;
        else name = value;
      } catch (err) {
        warn(`line ${line.line}: ${line.name} ignored (${(err as Error).message})`);
      }
    },
    vtimezone(tzText, startLine) {
      try {
        const component = new ICAL.Component(ICAL.parse.component(tzText) as unknown[]);
        const tzid = component.getFirstPropertyValue('tzid');
        if (typeof tzid !== 'string' || !tzid) throw new PropertyError('no TZID');
        const location = component.getFirstPropertyValue('x-lic-location');
        feedZones.set(tzidKey(tzid), { tz: ICAL.Timezone.fromData({ component, tzid }), location: typeof location === 'string' ? location : null });
      } catch (err) {
        warn(`line ${startLine}: VTIMEZONE ignored (${(err as Error).message})`);
      }
    },
    vevent(lines, startLine) {
      const event = buildEvent(lines, startLine, warn, toDate);
      if (event) events.push(event);
    },
    warning: warn,
  }, { eventProperties: WANTED });

  const resolved = new Map<string, ZoneRef>();
  let i = 0;
  let sliceStart = performance.now();
  for (const { raw, target } of pending) {
    const tzid = raw.tzid ?? '';
    let zone = resolved.get(tzid);
    if (!zone) {
      const result = resolveTzid(tzid, feedZones);
      if (result.warning) warn(result.warning);
      zone = result.zone;
      resolved.set(tzid, zone);
    }
    target.zone = zone;
    if (++i % 2048 === 0 && performance.now() - sliceStart > 10) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }

  const byUid = new Map<string, EventGroup>();
  for (const event of events) {
    let group = byUid.get(event.uid);
    if (!group) {
      group = { masters: [], overrides: [] };
      byUid.set(event.uid, group);
    }
    (event.recurrenceId ? group.overrides : group.masters).push(event);
  }
  return {
    groups: [...byUid.values()],
    calendarZone: calendarZoneName ? ianaZone(calendarZoneName) : null,
    name,
    eventCount: events.length,
    warnings,
  };
}

function buildEvent(
  lines: ContentLine[],
  startLine: number,
  warn: (message: string) => void,
  toDate: (raw: RawDate) => IcsDate,
): ParsedEvent | null {
  const props = new Map<string, ParsedProperty[]>();
  const lineOf = new Map<ParsedProperty, number>();
  const textOf = new Map<ParsedProperty, string>();
  for (const line of lines) {
    if (!WANTED.has(line.name)) continue;
    try {
      const prop = parseProperty(line.text, line.name);
      lineOf.set(prop, line.line);
      textOf.set(prop, line.text);
      const list = props.get(line.name);
      if (list) list.push(prop);
      else props.set(line.name, [prop]);
    } catch (err) {
      warn(`line ${line.line}: ${line.name || 'content line'} skipped (${(err as Error).message})`);
    }
  }
  const first = (key: string): ParsedProperty | undefined => props.get(key)?.[0];
  const where = (prop: ParsedProperty | undefined): string => `line ${prop ? lineOf.get(prop) : startLine}`;
  // Every optional property is read on its own so one broken value costs only that value.
  const optional = <T>(key: string, read: (prop: ParsedProperty) => T): T | null => {
    const prop = first(key);
    if (!prop) return null;
    try {
      return read(prop);
    } catch (err) {
      warn(`${where(prop)}: ${key} skipped (${(err as Error).message})`);
      return null;
    }
  };

  const dtstart = first('DTSTART');
  if (!dtstart) {
    warn(`line ${startLine}: VEVENT without DTSTART skipped`);
    return null;
  }
  let startRaw: RawDate;
  try {
    startRaw = dateValues(dtstart)[0];
    if (!startRaw) throw new PropertyError('empty value');
  } catch (err) {
    warn(`${where(dtstart)}: VEVENT skipped, its DTSTART is unusable (${(err as Error).message})`);
    return null;
  }
  let endRaw = optional('DTEND', (p) => {
    const value = dateValues(p)[0];
    if (!value) throw new PropertyError('empty value');
    return value;
  });
  const duration = endRaw ? null : optional('DURATION', (p) => parseDuration(p.values[0]));

  // Old Outlook exports write all-day events as midnight-to-midnight times with this flag.
  const allDayFlag = text(first('X-MICROSOFT-CDO-ALLDAYEVENT'))?.toUpperCase() === 'TRUE';
  const atMidnight = (d: RawDate | null): boolean => !!d && !d.isDate && d.wall.hour === 0 && d.wall.minute === 0 && d.wall.second === 0;
  if (allDayFlag && atMidnight(startRaw) && (endRaw === null || atMidnight(endRaw))) {
    startRaw = { ...startRaw, isDate: true, utc: false, tzid: null };
    if (endRaw) endRaw = { ...endRaw, isDate: true, utc: false, tzid: null };
  }

  const rrule = optional('RRULE', (p) => {
    // The library validated the line; the rule itself is rebuilt from its text, UNTIL and all.
    const line = textOf.get(p) ?? '';
    const recur = ICAL.Recur.fromString(line.slice(line.indexOf(':', line.search(/[;:]/)) + 1).trim());
    if (!recur.freq) throw new PropertyError('no FREQ');
    if (recur.interval !== undefined && (!Number.isInteger(recur.interval) || recur.interval < 1)) throw new PropertyError('bad INTERVAL');
    return recur;
  });

  const rdates: RDate[] = [];
  for (const prop of props.get('RDATE') ?? []) {
    try {
      if (prop.type === 'period') {
        for (const value of prop.values) {
          const [from, till] = value as [string, string];
          const start = toDate(dateValues({ ...prop, values: [from] })[0]);
          const isDuration = /^[+-]?P/.test(till);
          rdates.push({
            start,
            end: isDuration ? null : toDate(dateValues({ ...prop, values: [till] })[0]),
            duration: isDuration ? parseDuration(till) : null,
          });
        }
      } else {
        for (const raw of dateValues(prop)) rdates.push({ start: toDate(raw), end: null, duration: null });
      }
    } catch (err) {
      warn(`${where(prop)}: RDATE skipped (${(err as Error).message})`);
    }
  }
  const exdates: IcsDate[] = [];
  for (const prop of props.get('EXDATE') ?? []) {
    // A comma list is one value per date: a bad one loses only itself.
    for (const value of prop.values) {
      try {
        exdates.push(toDate(dateValues({ ...prop, values: [value] })[0]));
      } catch (err) {
        warn(`${where(prop)}: EXDATE value skipped (${(err as Error).message})`);
      }
    }
  }
  const recurrenceRaw = optional('RECURRENCE-ID', (p) => dateValues(p)[0] ?? null);
  if (first('RECURRENCE-ID') && !recurrenceRaw) {
    // An override we cannot place would show up twice (moved and original): drop it.
    return null;
  }

  const title = text(first('SUMMARY')) ?? '';
  const uid = text(first('UID')) ?? derivedUid(dtstart, title, first('RRULE'), first('RECURRENCE-ID'));
  const categories = (props.get('CATEGORIES') ?? []).flatMap((p) => p.values.map((v) => String(v).trim()).filter(Boolean));
  const sequence = Number(text(first('SEQUENCE')) ?? 0);
  return {
    uid,
    title,
    location: text(first('LOCATION')),
    description: text(first('DESCRIPTION')),
    categories,
    cancelled: text(first('STATUS'))?.toUpperCase() === 'CANCELLED',
    start: toDate(startRaw),
    end: endRaw ? toDate(endRaw) : null,
    duration,
    rrule,
    rdates,
    exdates,
    recurrenceId: recurrenceRaw ? toDate(recurrenceRaw) : null,
    sequence: Number.isFinite(sequence) ? sequence : 0,
    line: startLine,
  };
}

/** A UID for events that have none, stable across refreshes of the same feed. */
function derivedUid(...parts: Array<ParsedProperty | string | undefined>): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(typeof part === 'string' ? part : JSON.stringify(part ?? null)).update('\u0000');
  return `miroir-${hash.digest('hex').slice(0, 24)}`;
}
