import { isNight } from '../ui/core/time';

/**
 * When the display may sleep. The night window comes from the household's settings (the page
 * reports it through the preload) or from `MIROIR_NIGHT=23:00-06:30` + `MIROIR_TIMEZONE` before the
 * page has loaded; with neither, the display stays awake.
 */
export interface NightSchedule {
  enabled: boolean;
  start: string;
  end: string;
  timezone: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function validZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Validates what the page sends (it is untrusted input to the main process). */
export function parseNightSchedule(value: unknown): NightSchedule | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.enabled !== 'boolean' || typeof v.start !== 'string' || typeof v.end !== 'string' || typeof v.timezone !== 'string') return null;
  if (!HHMM.test(v.start) || !HHMM.test(v.end) || v.timezone.length > 64 || !validZone(v.timezone)) return null;
  return { enabled: v.enabled, start: v.start, end: v.end, timezone: v.timezone };
}

export function nightScheduleFromEnv(env: NodeJS.ProcessEnv): NightSchedule | null {
  const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(env.MIROIR_NIGHT?.trim() ?? '');
  if (!match) return null;
  return parseNightSchedule({ enabled: true, start: match[1], end: match[2], timezone: env.MIROIR_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone });
}

export function shouldKeepAwake(now: Date, schedule: NightSchedule | null): boolean {
  if (!schedule) return true;
  return !isNight(now, schedule.timezone, schedule);
}

/** Reconnect delays for the retry page: 1 s doubling to 30 s, with jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}
