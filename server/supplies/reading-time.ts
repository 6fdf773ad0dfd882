import { DateTime } from 'luxon';

/** Unix time from 1e11 up is milliseconds: as seconds it would be past the year 5000. */
const MS_FROM = 1e11;
const UNIX = /^\d{1,16}(\.\d+)?$/;
/** ISO 8601 with an offset (`Z`, `+01:00`, `+0100`, `+01`). */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
/** What most firmware and every JavaScript client send (`toISOString()`): parsed without luxon. */
const UTC_ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{3})?Z$/;
/** A local date-time without offset, as firmware with only a wall clock writes it. */
const LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * The instant of a device reading's `at`, in epoch milliseconds, or NaN when it is none of the
 * forms firmware really sends: ISO 8601 with an offset; Unix time in seconds or milliseconds, as
 * a number or a numeric string (told apart by size); or a local date-time without offset, read
 * in the household's time zone (a wall time skipped by a DST change moves forward, a repeated one
 * is the first).
 */
export function readingInstant(at: string | number, zone: string): number {
  if (typeof at === 'number') return fromUnix(at);
  const text = at.trim();
  const utc = UTC_ISO.exec(text);
  if (utc) {
    const ms = Date.parse(text);
    // Date.parse rolls "02-30" over to March; a date that does not exist is no date.
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== utc[1] ? Number.NaN : ms;
  }
  if (UNIX.test(text)) return fromUnix(Number(text));
  const iso = text.replace(' ', 'T');
  if (WITH_OFFSET.test(text)) return DateTime.fromISO(iso, { setZone: true }).toMillis();
  if (LOCAL.test(text)) return DateTime.fromISO(iso, { zone }).toMillis();
  return Number.NaN;
}

function fromUnix(value: number): number {
  if (!Number.isFinite(value) || value < 0) return Number.NaN;
  return Math.round(value >= MS_FROM ? value : value * 1000);
}
