import { DateTime } from 'luxon';

/** ISO 8601 with the zone's offset and no milliseconds: `2026-11-30T08:00:00+01:00`. */
export function isoInZone(instant: Date | number, zone: string): string {
  const dt = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.toISO({ suppressMilliseconds: true }) ?? new Date(instant).toISOString();
}

/** A provider's local wall time without offset (`2026-11-30T08:00`) read in `zone`; null if invalid. */
export function localWallTimeToInstant(wall: string, zone: string): number | null {
  const dt = DateTime.fromISO(wall, { zone });
  return dt.isValid ? dt.toMillis() : null;
}

export function localDate(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? new Date(instant).toISOString().slice(0, 10);
}
