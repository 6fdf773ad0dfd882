import { readingInstant } from '@server/supplies/reading-time';

const AT = Date.parse('2026-11-30T06:30:00Z');

describe('readingInstant: the timestamps firmware really sends', () => {
  it.each<[string, string | number, string, number]>([
    ['ISO 8601 in UTC', '2026-11-30T06:30:00Z', 'Europe/Paris', AT],
    ['ISO 8601 with an offset (zigbee2mqtt last_seen)', '2026-11-30T07:30:00+01:00', 'America/New_York', AT],
    ['ISO 8601 with a compact offset', '2026-11-30T07:30:00.000+0100', 'America/New_York', AT],
    ['ISO 8601 with an hour-only offset', '2026-11-30T07:30:00+01', 'America/New_York', AT],
    ['ISO 8601 with a space before Z', '2026-11-30 06:30:00Z', 'Asia/Tokyo', AT],
    ['Unix seconds (Shelly unixtime, ESPHome timestamp)', 1796020200, 'Europe/Paris', AT],
    ['Unix seconds with a fraction', 1796020200.25, 'Europe/Paris', AT + 250],
    ['Unix milliseconds (Date.now())', 1796020200000, 'Europe/Paris', AT],
    ['Unix seconds as text', '1796020200', 'Europe/Paris', AT],
    ['Unix milliseconds as text', '1796020200000', 'Europe/Paris', AT],
    ['a local time without offset (Tasmota Time), Paris', '2026-11-30T07:30:00', 'Europe/Paris', AT],
    ['a local time without offset, New York', '2026-11-30T01:30:00', 'America/New_York', AT],
    ['a local time with a space, Tokyo', '2026-11-30 15:30:00', 'Asia/Tokyo', AT],
    ['a local time to the minute', '2026-11-30T07:30', 'Europe/Paris', AT],
  ])('reads %s', (_label, at, zone, expected) => {
    expect(readingInstant(at, zone)).toBe(expected);
  });

  it('reads a local time in summer with the summer offset', () => {
    expect(readingInstant('2026-07-01T08:00:00', 'Europe/Paris')).toBe(Date.parse('2026-07-01T06:00:00Z'));
  });

  it.each<[string | number]>([['yesterday'], ['30/11/2026 07:30'], ['2026-11-30'], [-5], [Number.NaN], ['0x1f'], ['2026-13-45T07:30:00']])('knows %p is no time', (at) => {
    expect(readingInstant(at, 'Europe/Paris')).toBeNaN();
  });
});
