import { DateTime } from 'luxon';
import { outdoorWindows } from '@server/day-context/outdoor-windows';

const zone = 'Europe/Paris';
const day = (d: string) => DateTime.fromISO(d, { zone }).startOf('day');
const at = (iso: string) => Date.parse(iso);
const show = (ws: ReturnType<typeof outdoorWindows>) =>
  ws.map((w) => [DateTime.fromMillis(w.start, { zone }).toISO({ suppressMilliseconds: true }), DateTime.fromMillis(w.end, { zone }).toISO({ suppressMilliseconds: true }), w.source]);
const commute = { leave: '08:00', return: '18:30', days: [1, 2, 3, 4, 5] };

describe('outdoor windows', () => {
  it('keeps wall times on the day summer time starts (a 23-hour Sunday)', () => {
    expect(show(outdoorWindows(day('2026-03-29'), commute, []))).toEqual([['2026-03-29T09:00:00+02:00', '2026-03-29T18:00:00+02:00', 'default']]);
  });

  it('clips an event running past midnight to the day, and ignores events without a location', () => {
    const ws = outdoorWindows(day('2026-12-05'), commute, [
      { start: at('2026-12-05T22:00:00+01:00'), end: at('2026-12-06T02:00:00+01:00'), location: 'Club' },
      { start: at('2026-12-05T10:00:00+01:00'), end: at('2026-12-05T11:00:00+01:00'), location: '  ' },
    ]);
    expect(show(ws)).toEqual([['2026-12-05T21:30:00+01:00', '2026-12-06T00:00:00+01:00', 'events']]);
  });

  it('stretches the commute back for an early event', () => {
    const ws = outdoorWindows(day('2026-12-01'), commute, [{ start: at('2026-12-01T07:00:00+01:00'), end: at('2026-12-01T08:00:00+01:00'), location: 'Gym' }]);
    expect(show(ws)).toEqual([['2026-12-01T06:30:00+01:00', '2026-12-01T18:30:00+01:00', 'commute']]);
  });
});
