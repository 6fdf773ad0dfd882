import { powerAt, type MirrorPowerState } from '@server/mirror/power-rule';

/**
 * When the display may sleep: when the mirror is in night mode, by the same rule the server and
 * the page use (`powerAt`, server/mirror/power-rule.ts): the household's night hours, with the
 * manual override ("Hey Google, turn off the mirror", the app's switch) on top until it runs out.
 * The page reports both through the preload whenever they change; before it has, the night hours
 * come from `MIROIR_NIGHT=23:00-06:30` + `MIROIR_TIMEZONE`; with neither, the display stays awake.
 */
export interface NightSchedule {
  enabled: boolean;
  start: string;
  end: string;
  timezone: string;
  override: MirrorPowerState['override'];
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

/** An override as the page sends it: absent or null for none (a page from before overrides sends none). */
function parseOverride(value: unknown): NightSchedule['override'] | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if ((v.mode !== 'night' && v.mode !== 'awake') || typeof v.until !== 'string' || v.until.length > 40 || !Number.isFinite(Date.parse(v.until))) return undefined;
  return { mode: v.mode, until: v.until };
}

/** Validates what the page sends (it is untrusted input to the main process). */
export function parseNightSchedule(value: unknown): NightSchedule | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.enabled !== 'boolean' || typeof v.start !== 'string' || typeof v.end !== 'string' || typeof v.timezone !== 'string') return null;
  if (!HHMM.test(v.start) || !HHMM.test(v.end) || v.timezone.length > 64 || !validZone(v.timezone)) return null;
  const override = parseOverride(v.override);
  if (override === undefined) return null;
  return { enabled: v.enabled, start: v.start, end: v.end, timezone: v.timezone, override };
}

export function nightScheduleFromEnv(env: NodeJS.ProcessEnv): NightSchedule | null {
  const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(env.MIROIR_NIGHT?.trim() ?? '');
  if (!match) return null;
  return parseNightSchedule({ enabled: true, start: match[1], end: match[2], timezone: env.MIROIR_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone });
}

/** Re-evaluated every minute by the main process, so an override that runs out wakes the screen with no message. */
export function shouldKeepAwake(now: Date, schedule: NightSchedule | null): boolean {
  if (!schedule) return true;
  return powerAt(now, schedule.timezone, schedule, schedule.override).awake;
}

/** Reconnect delays for the retry page: 1 s doubling to 30 s, with jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}
