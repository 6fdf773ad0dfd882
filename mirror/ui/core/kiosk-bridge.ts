import type { MirrorPowerState, NightHours } from '@server/mirror/power-rule';

/**
 * In the Electron kiosk, the preload exposes `miroirKiosk` (mirror/electron/preload.ts) so the
 * display sleeps when the mirror is in night mode; in a plain browser it is absent and this does
 * nothing. The page sends the night hours and the override it knows (on start, on `mirror.power`,
 * after a resync); the kiosk decides with the same rule the page does (`powerAt`), every minute,
 * so an override running out needs no message there either.
 */
interface KioskBridge {
  reportNightSchedule(schedule: { enabled: boolean; start: string; end: string; timezone: string; override: MirrorPowerState['override'] }): void;
}

export function reportNightSchedule(nightMode: NightHours, timezone: string, override: MirrorPowerState['override']): void {
  const bridge = (window as Window & { miroirKiosk?: KioskBridge }).miroirKiosk;
  bridge?.reportNightSchedule({ enabled: nightMode.enabled, start: nightMode.start, end: nightMode.end, timezone, override });
}
