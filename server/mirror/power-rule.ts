import { isNight, zonedParts } from '@mirror/ui/core/time';

/**
 * The rule of the mirror's night override, pure and shared: the server decides with it (Google's
 * QUERY, the app) and the page applies it between events (an override expiring at 06:30 needs no
 * message). Nothing here reads a store or a clock.
 */
/** When night mode is off, "turn off the mirror" lasts until this local time (a morning, not forever). */
export const DEFAULT_WAKE = '07:00';

export type PowerChannel = 'google' | 'alexa' | 'app' | 'mirror';
export type NightHours = { enabled: boolean; start: string; end: string };

/** What the mirror shows now, and the manual override behind it when there is one. */
export interface MirrorPowerState {
  awake: boolean;
  override: { mode: 'night' | 'awake'; until: string } | null;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The first instant after `after` when the household's wall clock shows `hhmm`. Built from the
 * zone's offset at a guess, then corrected once (a DST change between guess and answer); a time a
 * spring-forward skips lands an hour later, which is what a wall clock does too.
 */
export function nextWallTime(after: Date, timeZone: string, hhmm: string): Date {
  const target = minutesOf(hhmm);
  const p = zonedParts(after, timeZone);
  for (let day = 0; day <= 2; day++) {
    const guess = Date.UTC(p.year, p.month - 1, p.day + day, Math.floor(target / 60), target % 60);
    let instant = guess;
    for (let pass = 0; pass < 2; pass++) {
      const q = zonedParts(new Date(instant), timeZone);
      const shown = Date.UTC(q.year, q.month - 1, q.day, q.hour, q.minute);
      instant += guess - shown;
    }
    if (instant > after.getTime()) return new Date(instant);
  }
  // Unreachable for a valid zone: three days always contain the next occurrence.
  return new Date(after.getTime() + 24 * 3600_000);
}

const hasNight = (night: NightHours): boolean => night.enabled && night.start !== night.end;

/**
 * The override a command asks for at `now`, or null when the schedule already shows what was
 * asked. Off: dark until the next scheduled wake (the end of the night hours, or DEFAULT_WAKE
 * when night mode is off). On: lit until the next night starts; outside the night hours that is
 * the schedule itself, so no override is kept.
 */
export function overrideFor(awake: boolean, now: Date, timeZone: string, night: NightHours): { mode: 'night' | 'awake'; until: Date } | null {
  const scheduledNight = isNight(now, timeZone, night);
  if (awake) return scheduledNight ? { mode: 'awake', until: nextWallTime(now, timeZone, night.start) } : null;
  return { mode: 'night', until: nextWallTime(now, timeZone, hasNight(night) ? night.end : DEFAULT_WAKE) };
}

/** The state at `now` from the schedule and a stored override (ignored once expired). */
export function powerAt(now: Date, timeZone: string, night: NightHours, stored: { mode: 'night' | 'awake'; until: string } | null): MirrorPowerState {
  if (stored && Date.parse(stored.until) > now.getTime()) return { awake: stored.mode === 'awake', override: stored };
  return { awake: !isNight(now, timeZone, night), override: null };
}
