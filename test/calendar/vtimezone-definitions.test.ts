import fs from 'node:fs';
import path from 'node:path';
import { expandIcs } from '@server/calendar/expand-ics';

/**
 * TZIDs that are not IANA names, as Outlook (display names, "GMT -0500 (Standard) / …", numeric
 * and "Customized Time Zone" ids, leading spaces, quoted ids) and Thunderbird (/mozilla.org/…)
 * write them, each with its VTIMEZONE: applied from the block's own rules, never floating, and the
 * same instants whichever zone the agenda is viewed in.
 */
const FEED = fs.readFileSync(path.join(__dirname, 'fixtures', 'vtimezone-by-definition.ics'), 'utf8');

const EXPECTED_UTC: Array<[string, string]> = [
  ['Sydney review (leading space)', '2026-07-14T23:00:00.000Z'],
  ['Tokyo stand-up (numeric id)', '2026-07-15T00:00:00.000Z'],
  ['Mumbai sync (quoted id)', '2026-07-15T03:30:00.000Z'],
  ['Berlin office (display name, quoted)', '2026-07-15T07:00:00.000Z'],
  ['Boston call (Outlook 2003 name)', '2026-07-15T13:00:00.000Z'],
  ['São Paulo lunch (Mozilla prefix)', '2026-07-15T15:00:00.000Z'],
  ['Sydney retro (leading space, unquoted)', '2026-07-15T23:00:00.000Z'],
];

describe.each(['Europe/Paris', 'America/New_York', 'Asia/Tokyo'])('VTIMEZONEs by their own rules, viewed from %s', (view) => {
  it('places every event at its instant, without a warning', async () => {
    const { events, warnings } = await expandIcs(FEED, new Date('2026-07-14T00:00:00Z'), new Date('2026-07-17T00:00:00Z'), view);
    expect(warnings).toEqual([]);
    expect(events.map((e) => [e.title, new Date(e.start).toISOString()])).toEqual(EXPECTED_UTC);
    for (const e of events) expect(e.start).toMatch(view === 'Asia/Tokyo' ? /\+09:00$/ : view === 'Europe/Paris' ? /\+02:00$/ : /-04:00$/);
  });

  it('follows the block’s DST rules: the Sydney zone in its summer, Boston and Berlin in their winter', async () => {
    const winter = FEED.replace(/:20260715T/g, ':20260115T').replace(/:20260716T/g, ':20260116T');
    const { events, warnings } = await expandIcs(winter, new Date('2026-01-14T00:00:00Z'), new Date('2026-01-17T00:00:00Z'), view);
    expect(warnings).toEqual([]);
    const at = Object.fromEntries(events.map((e) => [e.title, new Date(e.start).toISOString()]));
    expect(at['Sydney review (leading space)']).toBe('2026-01-14T22:00:00.000Z');
    expect(at['Berlin office (display name, quoted)']).toBe('2026-01-15T08:00:00.000Z');
    expect(at['Boston call (Outlook 2003 name)']).toBe('2026-01-15T14:00:00.000Z');
    expect(at['Tokyo stand-up (numeric id)']).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('a TZID with neither a VTIMEZONE nor a known name', () => {
  it('is floating, with a warning naming it', async () => {
    const feed = FEED.replace(/;TZID=2:/g, ';TZID=7:');
    const { events, warnings } = await expandIcs(feed, new Date('2026-07-14T00:00:00Z'), new Date('2026-07-17T00:00:00Z'), 'America/New_York');
    expect(events.find((e) => e.title.startsWith('Tokyo'))?.start).toBe('2026-07-15T09:00:00-04:00');
    expect(warnings).toEqual([expect.stringContaining('unknown time zone "7"')]);
  });
});

describe('a Windows name with its VTIMEZONE', () => {
  const block = (offsets: { standard: string; daylight: string }) =>
    [
      'BEGIN:VCALENDAR',
      'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
      'VERSION:2.0',
      'BEGIN:VTIMEZONE',
      'TZID:Romance Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16011028T030000',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
      `TZOFFSETFROM:${offsets.daylight}`,
      `TZOFFSETTO:${offsets.standard}`,
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010325T020000',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
      `TZOFFSETFROM:${offsets.standard}`,
      `TZOFFSETTO:${offsets.daylight}`,
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:w1',
      'SUMMARY:Réunion',
      // Before the EU rules of 1996 Paris changed in late September: only IANA's history knows it.
      'DTSTART;TZID=Romance Standard Time:19951001T090000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:w2',
      'SUMMARY:Point',
      'DTSTART;TZID=Romance Standard Time:20260715T090000',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');

  it("is read with IANA's history when the block gives that zone's offsets", async () => {
    const { events } = await expandIcs(block({ standard: '+0100', daylight: '+0200' }), new Date('1995-09-30T00:00:00Z'), new Date('2026-07-16T00:00:00Z'), 'UTC');
    expect(events.map((e) => e.start)).toEqual(['1995-10-01T08:00:00+00:00', '2026-07-15T07:00:00+00:00']);
  });

  it('is read by the block when the block defines other offsets (a customised zone)', async () => {
    const { events, warnings } = await expandIcs(block({ standard: '+0300', daylight: '+0400' }), new Date('2026-07-14T00:00:00Z'), new Date('2026-07-16T00:00:00Z'), 'UTC');
    expect(warnings).toEqual([]);
    expect(events.map((e) => e.start)).toEqual(['2026-07-15T05:00:00+00:00']);
  });
});
