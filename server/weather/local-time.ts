import { DateTime } from 'luxon';

/** ISO 8601 with the zone's offset and no milliseconds: `2026-11-30T08:00:00+01:00`. */
export function isoInZone(instant: Date | number, zone: string): string {
  const dt = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.toISO({ suppressMilliseconds: true }) ?? new Date(instant).toISOString();
}

export function localDate(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? new Date(instant).toISOString().slice(0, 10);
}
