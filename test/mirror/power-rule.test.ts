import { nextWallTime, overrideFor, powerAt } from '@server/mirror/power-rule';

const NIGHT = { enabled: true, start: '23:00', end: '06:30' };

describe('the mirror night override rule', () => {
  it('finds the next wall-clock time in the household zone, across days and DST changes', () => {
    expect(nextWallTime(new Date('2026-11-30T13:30:00Z'), 'Europe/Paris', '06:30').toISOString()).toBe('2026-12-01T05:30:00.000Z');
    expect(nextWallTime(new Date('2026-11-30T04:00:00Z'), 'Europe/Paris', '06:30').toISOString()).toBe('2026-11-30T05:30:00.000Z');
    // Exactly at the time: the next one, not now.
    expect(nextWallTime(new Date('2026-11-30T05:30:00Z'), 'Europe/Paris', '06:30').toISOString()).toBe('2026-12-01T05:30:00.000Z');
    // The night of 27–28 March 2027 loses an hour in Paris: 06:30 is then UTC+2.
    expect(nextWallTime(new Date('2027-03-27T22:30:00Z'), 'Europe/Paris', '06:30').toISOString()).toBe('2027-03-28T04:30:00.000Z');
    // And gains one on 31 October 2027.
    expect(nextWallTime(new Date('2027-10-30T22:30:00Z'), 'Europe/Paris', '06:30').toISOString()).toBe('2027-10-31T05:30:00.000Z');
    expect(nextWallTime(new Date('2026-11-30T13:30:00Z'), 'America/New_York', '07:00').toISOString()).toBe('2026-12-01T12:00:00.000Z');
  });

  it('off lasts until the night ends (07:00 without night hours); on inside the night until the next night; on by day is the schedule', () => {
    const day = new Date('2026-11-30T13:30:00Z');
    const night = new Date('2026-11-30T23:30:00Z');
    expect(overrideFor(false, day, 'Europe/Paris', NIGHT)).toEqual({ mode: 'night', until: new Date('2026-12-01T05:30:00Z') });
    expect(overrideFor(false, day, 'Europe/Paris', { ...NIGHT, enabled: false })).toEqual({ mode: 'night', until: new Date('2026-12-01T06:00:00Z') });
    expect(overrideFor(true, night, 'Europe/Paris', NIGHT)).toEqual({ mode: 'awake', until: new Date('2026-12-01T22:00:00Z') });
    expect(overrideFor(true, day, 'Europe/Paris', NIGHT)).toBeNull();
  });

  it('an override holds until its time, then the night hours decide again', () => {
    const stored = { mode: 'night' as const, until: '2026-12-01T05:30:00.000Z' };
    expect(powerAt(new Date('2026-11-30T13:30:00Z'), 'Europe/Paris', NIGHT, stored)).toEqual({ awake: false, override: stored });
    expect(powerAt(new Date('2026-12-01T05:30:00Z'), 'Europe/Paris', NIGHT, stored)).toEqual({ awake: true, override: null });
    expect(powerAt(new Date('2026-11-30T23:30:00Z'), 'Europe/Paris', NIGHT, null)).toEqual({ awake: false, override: null });
  });
});
