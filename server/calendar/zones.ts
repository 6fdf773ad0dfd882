import ICAL from 'ical.js';
import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { windowsToIana } from './windows-zones';

/** A local date and time as written in the feed, before any zone is applied. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Where a wall time is anchored. Floating times (no TZID, no Z) belong to whoever reads them: they
 * are placed in the zone the agenda is viewed in.
 */
export type ZoneRef =
  | { kind: 'utc' }
  | { kind: 'floating' }
  | { kind: 'luxon'; zone: Zone }
  | { kind: 'vtimezone'; tz: ICAL.Timezone };

export interface FeedTimezone {
  tz: ICAL.Timezone;
  /** X-LIC-LOCATION (Mozilla, Apple) when it names an IANA zone. */
  location: string | null;
}

/** Outlook display names that name a region rather than a city. */
const DISPLAY_REGIONS: Record<string, string> = {
  'eastern time (us & canada)': 'America/New_York',
  'central time (us & canada)': 'America/Chicago',
  'mountain time (us & canada)': 'America/Denver',
  'pacific time (us & canada)': 'America/Los_Angeles',
  'atlantic time (canada)': 'America/Halifax',
  alaska: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  arizona: 'America/Phoenix',
};

let ianaNames: Map<string, string> | null = null;

/** Last path segment of every IANA zone (`paris` → `Europe/Paris`), for Outlook display names. */
function zoneByCity(): Map<string, string> {
  if (ianaNames) return ianaNames;
  ianaNames = new Map();
  for (const name of Intl.supportedValuesOf('timeZone')) {
    const city = name.split('/').pop();
    if (city) ianaNames.set(city.toLowerCase().replace(/_/g, ' '), name);
  }
  return ianaNames;
}

const knownZones = new Map<string, Zone | null>();

export function ianaZone(name: string): Zone | null {
  // Luxon checks a name by building an Intl formatter each time (a tenth of an agenda read's CPU);
  // the answer depends on the runtime's time zone data only. Names come from feeds: bounded.
  const known = knownZones.get(name);
  if (known !== undefined) return known;
  const zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
  if (knownZones.size >= 1_000) knownZones.clear();
  knownZones.set(name, zone);
  return zone;
}

/** An IANA zone hidden in a TZID: plain, or behind a vendor prefix such as `/mozilla.org/20050126_1/Europe/Paris`. */
function ianaFromTzid(tzid: string): Zone | null {
  const direct = ianaZone(tzid);
  if (direct) return direct;
  const parts = tzid.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const zone = ianaZone(parts.slice(i).join('/'));
    if (zone) return zone;
  }
  return null;
}

/**
 * A TZID as the feed means it: Outlook and Thunderbird write the same id with a leading space, in
 * quotes or not, on the VTIMEZONE and on the dates that use it, so both are compared by this key.
 */
export function tzidKey(raw: string): string {
  return raw.trim().replace(/^"(.*)"$/, '$1').trim();
}

/** Instants in both halves of the year, where a zone's standard and daylight offsets show. */
const REFERENCE_INSTANTS = [Date.UTC(2026, 0, 15, 12), Date.UTC(2026, 6, 15, 12)];

/** Whether a feed's VTIMEZONE gives the same UTC offsets as a named zone (the same zone, or a customised one). */
function sameOffsets(tz: ICAL.Timezone, zone: Zone): boolean {
  return REFERENCE_INSTANTS.every((ms) => {
    const wall = millisToWall(ms, { kind: 'vtimezone', tz }, zone);
    const offsetMinutes = (Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - ms) / 60_000;
    return offsetMinutes === zone.offset(ms);
  });
}

/**
 * Resolves a TZID the way real feeds write it. An IANA name (plain, quoted, or behind a vendor
 * prefix such as `/mozilla.org/20050126_1/Europe/Paris`) is its IANA zone. Any other id defined
 * by a VTIMEZONE of the feed (Outlook's display names and "Customized Time Zone", numeric ids,
 * "GMT -0500 (Standard) / GMT -0400 (Daylight)") is applied from that block's own rules, unless
 * the block names its IANA zone (X-LIC-LOCATION) or is a Windows name whose rules are that
 * Windows zone's: IANA then gives the same offsets with their history, where an exported block
 * often carries only the current rule. Without a VTIMEZONE, Windows names and Outlook display
 * names are looked up; a TZID known nowhere is floating, with a warning.
 */
export function resolveTzid(raw: string, feedZones: ReadonlyMap<string, FeedTimezone>): { zone: ZoneRef; warning?: string } {
  const tzid = tzidKey(raw);
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(tzid)) return { zone: { kind: 'utc' } };
  const iana = ianaFromTzid(tzid);
  if (iana) return { zone: { kind: 'luxon', zone: iana } };
  const windowsName = windowsToIana(tzid);
  const windows = windowsName ? IANAZone.create(windowsName) : null;
  const feedZone = feedZones.get(tzid);
  if (feedZone) {
    const located = feedZone.location ? ianaFromTzid(feedZone.location) : null;
    if (located) return { zone: { kind: 'luxon', zone: located } };
    if (windows && sameOffsets(feedZone.tz, windows)) return { zone: { kind: 'luxon', zone: windows } };
    return { zone: { kind: 'vtimezone', tz: feedZone.tz } };
  }
  if (windows) return { zone: { kind: 'luxon', zone: windows } };
  const display = /^\((?:UTC|GMT)(?:([+-])(\d{1,2}):?(\d{2}))?\)\s*(.*)$/i.exec(tzid);
  if (display) {
    const region = DISPLAY_REGIONS[display[4].trim().toLowerCase()];
    if (region) return { zone: { kind: 'luxon', zone: IANAZone.create(region) } };
    for (const city of display[4].split(/[,&()]/)) {
      const name = zoneByCity().get(city.trim().toLowerCase());
      if (name) return { zone: { kind: 'luxon', zone: IANAZone.create(name) } };
    }
    if (!display[1]) return { zone: { kind: 'utc' } };
    const minutes = (display[1] === '-' ? -1 : 1) * (Number(display[2]) * 60 + Number(display[3]));
    return {
      zone: { kind: 'luxon', zone: FixedOffsetZone.instance(minutes) },
      warning: `time zone "${tzid}" is only known by its offset; daylight saving time is not applied`,
    };
  }
  return { zone: { kind: 'floating' }, warning: `unknown time zone "${tzid}"; its times are read as local times` };
}

function toIcalTime(wall: WallTime, isDate: boolean, zone?: ICAL.Timezone): ICAL.Time {
  return ICAL.Time.fromData({ ...wall, isDate }, zone);
}

/** The instant (ms since epoch) of a wall time in a zone; floating times are read in `view`. */
export function wallToMillis(wall: WallTime, zone: ZoneRef, view: Zone): number {
  switch (zone.kind) {
    case 'utc':
      return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    case 'floating':
      return zonedWallToMillis(wall, view);
    case 'luxon':
      return zonedWallToMillis(wall, zone.zone);
    case 'vtimezone':
      return toIcalTime(wall, false, zone.tz).toUnixTime() * 1000;
  }
}

const BUCKET_MS = 15 * 60_000;
const MAX_CACHED_BUCKETS = 200_000;
const offsetCache = new Map<string, Map<number, number | null>>();

/**
 * A zone's UTC offset in minutes at an instant. Asking Intl (what luxon does) costs ~15 µs and was
 * the largest cost of expanding big feeds; offsets only change at transitions, so each quarter
 * hour is asked about once: when both its ends agree the whole quarter has that offset, otherwise
 * (a transition inside it) the exact instant is asked.
 */
export function offsetAt(zone: Zone, ms: number): number {
  let buckets = offsetCache.get(zone.name);
  if (!buckets) {
    buckets = new Map();
    offsetCache.set(zone.name, buckets);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  let cached = buckets.get(bucket);
  if (cached === undefined) {
    if (buckets.size >= MAX_CACHED_BUCKETS) buckets.clear();
    const first = zone.offset(bucket * BUCKET_MS);
    cached = first === zone.offset(bucket * BUCKET_MS + BUCKET_MS - 1) ? first : null;
    buckets.set(bucket, cached);
  }
  return cached ?? zone.offset(ms);
}

/**
 * Luxon's own local-to-UTC resolution (DateTime.fromObject) without its object overhead, which
 * dominated the expansion of large feeds. A wall time inside a spring-forward gap moves forward by
 * the gap; an ambiguous fall-back time takes one of its two readings, as luxon does.
 */
export function zonedWallToMillis(wall: WallTime, zone: Zone): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const o1 = offsetAt(zone, local);
  let guess = local - o1 * 60_000;
  const o2 = offsetAt(zone, guess);
  if (o1 === o2) return guess;
  guess -= (o2 - o1) * 60_000;
  const o3 = offsetAt(zone, guess);
  if (o2 === o3) return guess;
  return local - Math.min(o2, o3) * 60_000;
}

/** The wall time an instant shows in a zone (the inverse of wallToMillis). */
export function millisToWall(ms: number, zone: ZoneRef, view: Zone): WallTime {
  if (zone.kind === 'vtimezone') {
    const local = utcIcalTime(ms).convertToZone(zone.tz);
    return { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second };
  }
  const target = zone.kind === 'utc' ? FixedOffsetZone.utcInstance : zone.kind === 'floating' ? view : zone.zone;
  const d = new Date(ms + offsetAt(target, ms) * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

function utcIcalTime(ms: number): ICAL.Time {
  const d = new Date(ms);
  return new ICAL.Time(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
    ICAL.Timezone.utcTimezone,
  );
}

export function formatDate(wall: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 with the offset the viewer's zone has at that instant, e.g. 2026-03-29T09:00:00+02:00. */
export function formatInstant(ms: number, view: Zone): string {
  const offset = offsetAt(view, ms);
  const d = new Date(ms + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
