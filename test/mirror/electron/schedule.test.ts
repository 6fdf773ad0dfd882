import fs from 'node:fs';
import path from 'node:path';
import { nightScheduleFromEnv, parseNightSchedule, retryDelay, shouldKeepAwake } from '@mirror/electron/schedule';
import { overrideFor } from '@server/mirror/power-rule';

describe('display sleep schedule', () => {
  const paris = { enabled: true, start: '23:00', end: '06:30', timezone: 'Europe/Paris', override: null };

  it('keeps the display awake by day and lets it sleep in the household night (its own zone)', () => {
    expect(shouldKeepAwake(new Date('2026-11-30T12:00:00Z'), paris)).toBe(true);
    // 23:30 in Paris is 22:30 UTC.
    expect(shouldKeepAwake(new Date('2026-11-30T22:30:00Z'), paris)).toBe(false);
    expect(shouldKeepAwake(new Date('2026-12-01T05:29:00Z'), paris)).toBe(false);
    expect(shouldKeepAwake(new Date('2026-12-01T05:30:00Z'), paris)).toBe(true);
    expect(shouldKeepAwake(new Date('2026-11-30T22:30:00Z'), { ...paris, enabled: false })).toBe(true);
    expect(shouldKeepAwake(new Date('2026-11-30T22:30:00Z'), null)).toBe(true);
  });

  it('follows the night override on top of the night hours, by the server rule, until it runs out', () => {
    // What the server answers to "Hey Google, turn off the mirror" at 14:30 in Paris: dark until 06:30.
    const at = new Date('2026-11-30T13:30:00Z');
    const off = overrideFor(false, at, paris.timezone, paris)!;
    const night = { ...paris, override: { mode: off.mode, until: off.until.toISOString() } };
    expect(shouldKeepAwake(at, paris)).toBe(true);
    expect(shouldKeepAwake(at, night)).toBe(false);
    expect(shouldKeepAwake(new Date('2026-12-01T05:29:00Z'), night)).toBe(false);
    // Run out at 06:30: awake again with no message from the page.
    expect(shouldKeepAwake(new Date('2026-12-01T05:30:00Z'), night)).toBe(true);
    // "Turn on the mirror" at 23:30: lit through the night, until the next night starts.
    const late = new Date('2026-11-30T22:30:00Z');
    const on = overrideFor(true, late, paris.timezone, paris)!;
    const awake = { ...paris, override: { mode: on.mode, until: on.until.toISOString() } };
    expect(shouldKeepAwake(late, paris)).toBe(false);
    expect(shouldKeepAwake(late, awake)).toBe(true);
    expect(shouldKeepAwake(new Date('2026-12-01T03:00:00Z'), awake)).toBe(true);
    expect(shouldKeepAwake(new Date('2026-12-01T22:00:00Z'), awake)).toBe(false);
    // Night mode off: "turn off" still darkens the screen until 07:00.
    const noNight = { ...paris, enabled: false };
    const offNoNight = overrideFor(false, at, paris.timezone, noNight)!;
    expect(shouldKeepAwake(at, { ...noNight, override: { mode: offNoNight.mode, until: offNoNight.until.toISOString() } })).toBe(false);
    expect(shouldKeepAwake(at, noNight)).toBe(true);
  });

  it('validates what the page reports', () => {
    const withOverride = { ...paris, override: { mode: 'night', until: '2026-12-01T05:30:00.000Z' } };
    expect(parseNightSchedule(withOverride)).toEqual(withOverride);
    // A page from before overrides sends none.
    const { override: _none, ...older } = paris;
    expect(parseNightSchedule(older)).toEqual(paris);
    expect(parseNightSchedule({ ...paris, override: { mode: 'off', until: '2026-12-01T05:30:00.000Z' } })).toBeNull();
    expect(parseNightSchedule({ ...paris, override: { mode: 'night', until: 'tomorrow' } })).toBeNull();
    expect(parseNightSchedule({ ...paris, override: { mode: 'night' } })).toBeNull();
    expect(parseNightSchedule({ ...paris, override: 'night' })).toBeNull();
    expect(parseNightSchedule(paris)).toEqual(paris);
    expect(parseNightSchedule({ ...paris, start: '25:00' })).toBeNull();
    expect(parseNightSchedule({ ...paris, timezone: 'Mars/Olympus' })).toBeNull();
    expect(parseNightSchedule({ ...paris, enabled: 'yes' })).toBeNull();
    expect(parseNightSchedule('23:00-06:30')).toBeNull();
    expect(parseNightSchedule(null)).toBeNull();
  });

  it('reads MIROIR_NIGHT and MIROIR_TIMEZONE before the page has said anything', () => {
    expect(nightScheduleFromEnv({ MIROIR_NIGHT: '22:30-07:00', MIROIR_TIMEZONE: 'America/New_York' })).toEqual({
      enabled: true,
      start: '22:30',
      end: '07:00',
      timezone: 'America/New_York',
      override: null,
    });
    expect(nightScheduleFromEnv({ MIROIR_NIGHT: 'late' })).toBeNull();
    expect(nightScheduleFromEnv({})).toBeNull();
  });

  it('backs off from 1 s to 30 s with jitter', () => {
    expect(retryDelay(0, () => 0.5)).toBe(1000);
    expect(retryDelay(3, () => 0.5)).toBe(8000);
    expect(retryDelay(50, () => 0.5)).toBe(30_000);
    expect(retryDelay(50, () => 0.999)).toBeLessThanOrEqual(37_500);
    expect(retryDelay(0, () => 0)).toBe(750);
  });
});

describe('kiosk files', () => {
  const dir = path.resolve(__dirname, '../../../mirror/electron');

  it('ships a retry page without any script, styled by its own file', () => {
    const html = fs.readFileSync(path.join(dir, 'retry.html'), 'utf8');
    expect(html).not.toMatch(/<script|\son\w+=|style=/i);
    expect(html).toContain("default-src 'none'");
    expect(fs.existsSync(path.join(dir, 'retry.css'))).toBe(true);
  });

  it('never overrides certificate errors', () => {
    const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
    expect(main).not.toMatch(/on\(\s*['"]certificate-error/);
    expect(main).not.toMatch(/setCertificateVerifyProc|ignore-certificate-errors/);
  });
});
