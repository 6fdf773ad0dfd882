import { IANAZone } from 'luxon';
import { normaliseFeedUrl } from '@server/calendar/feed-fetch';
import { windowsToIana, windowsZoneNames } from '@server/calendar/windows-zones';
import { resolveTzid, zonedWallToMillis } from '@server/calendar/zones';

describe('time zones', () => {
  it('maps every Windows zone name of CLDR (windows-iana) to a zone this runtime knows', () => {
    const names = windowsZoneNames();
    expect(names.length).toBeGreaterThan(130);
    const unknown = names.filter((name) => {
      const iana = windowsToIana(name);
      return iana === null || !IANAZone.isValidZone(iana);
    });
    expect(unknown).toEqual([]);
    expect(windowsToIana('romance standard time')).toBe('Europe/Paris');
    expect(windowsToIana('Not A Windows Zone')).toBeNull();
  });

  it.each([
    ['Romance Standard Time', 'Europe/Paris'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['Eastern Standard Time', 'America/New_York'],
    ['GMT Standard Time', 'Europe/London'],
    ['Yukon Standard Time', 'America/Whitehorse'],
    ['Tokyo Standard Time', 'Asia/Tokyo'],
    ['AUS Eastern Standard Time', 'Australia/Sydney'],
    ['"Europe/Paris"', 'Europe/Paris'],
    ['/citadel.org/20190914_1/Europe/Brussels', 'Europe/Brussels'],
    ['(UTC-05:00) Eastern Time (US & Canada)', 'America/New_York'],
    ['(UTC+09:00) Osaka, Sapporo, Tokyo', 'Asia/Tokyo'],
    ['(UTC+03:30) Somewhere unnamed', 'UTC+3:30'],
  ])('resolves %s', (tzid, zone) => {
    const { zone: resolved } = resolveTzid(tzid, new Map());
    expect(resolved.kind).toBe('luxon');
    if (resolved.kind === 'luxon') expect(resolved.zone.name).toBe(zone);
  });

  it('moves a wall time inside the spring-forward gap forward, like luxon', () => {
    const paris = IANAZone.create('Europe/Paris');
    const gap = zonedWallToMillis({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, paris);
    expect(new Date(gap).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const normal = zonedWallToMillis({ year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0 }, paris);
    expect(new Date(normal).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });
});

describe('feed URLs', () => {
  it('maps webcal:// to https:// and refuses other schemes and credentials', () => {
    expect(normaliseFeedUrl('webcal://p12-caldav.icloud.com/published/2/abc')).toBe('https://p12-caldav.icloud.com/published/2/abc');
    expect(normaliseFeedUrl(' http://127.0.0.1:8080/a.ics ')).toBe('http://127.0.0.1:8080/a.ics');
    expect(() => normaliseFeedUrl('file:///etc/passwd')).toThrow(expect.objectContaining({ code: 'INVALID_URL' }));
    expect(() => normaliseFeedUrl('https://user:secret@example.com/a.ics')).toThrow(expect.objectContaining({ code: 'INVALID_URL' }));
    expect(() => normaliseFeedUrl('https://')).toThrow(expect.objectContaining({ code: 'INVALID_URL' }));
  });
});
