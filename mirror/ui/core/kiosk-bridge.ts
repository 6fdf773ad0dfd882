/**
 * In the Electron kiosk, the preload exposes `miroirKiosk` (mirror/electron/preload.ts) so the
 * display can sleep on the household's night hours; in a plain browser it is absent and this does
 * nothing.
 */
interface KioskBridge {
  reportNightSchedule(schedule: { enabled: boolean; start: string; end: string; timezone: string }): void;
}

export function reportNightSchedule(nightMode: { enabled: boolean; start: string; end: string }, timezone: string): void {
  const bridge = (window as Window & { miroirKiosk?: KioskBridge }).miroirKiosk;
  bridge?.reportNightSchedule({ enabled: nightMode.enabled, start: nightMode.start, end: nightMode.end, timezone });
}
