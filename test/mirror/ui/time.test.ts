import { isNight, zonedDayKey, zonedParts } from '@mirror/ui/core/time';

describe('household time', () => {
  it('reads the wall clock of the household zone, not the machine’s', () => {
    expect(zonedParts(new Date('2026-11-30T23:30:00Z'), 'Europe/Paris')).toEqual({ year: 2026, month: 12, day: 1, hour: 0, minute: 30 });
    expect(zonedDayKey(new Date('2026-11-30T03:00:00Z'), 'America/New_York')).toBe('2026-11-29');
  });

  it('knows the night window, wrapping past midnight or not', () => {
    const wrap = { enabled: true, start: '23:00', end: '06:30' };
    expect(isNight(new Date('2026-11-30T22:15:00Z'), 'Europe/Paris', wrap)).toBe(true);
    expect(isNight(new Date('2026-11-30T21:59:00Z'), 'Europe/Paris', wrap)).toBe(false);
    expect(isNight(new Date('2026-12-01T05:29:00Z'), 'Europe/Paris', wrap)).toBe(true);
    expect(isNight(new Date('2026-12-01T05:30:00Z'), 'Europe/Paris', wrap)).toBe(false);
    const nap = { enabled: true, start: '13:00', end: '15:00' };
    expect(isNight(new Date('2026-11-30T13:30:00Z'), 'Europe/Paris', nap)).toBe(true);
    expect(isNight(new Date('2026-11-30T15:30:00Z'), 'Europe/Paris', nap)).toBe(false);
    expect(isNight(new Date('2026-11-30T22:15:00Z'), 'Europe/Paris', { ...wrap, enabled: false })).toBe(false);
  });
});
