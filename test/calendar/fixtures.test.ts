import fs from 'node:fs';
import path from 'node:path';
import { expandIcs } from '@server/calendar/expand-ics';
import type { CalendarOccurrence } from '@server/calendar/types';

/**
 * Real-world export formats, each with its occurrences written out by hand (fixtures/*.expected.json)
 * and viewed from three zones on both sides of UTC, across the DST changes of both continents.
 */
interface Expected {
  from: string;
  to: string;
  zones: Record<string, CalendarOccurrence[]>;
}

const FIXTURES = path.join(__dirname, 'fixtures');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const FEEDS: Array<{ feed: string; what: string }> = [
  { feed: 'google', what: 'Google Calendar (VTIMEZONE, X-WR-TIMEZONE, override before its master, cancelled instance, UTC UNTIL on a date-only series)' },
  { feed: 'outlook', what: 'Outlook/Exchange (Windows zone names, with and without VTIMEZONE, UTC UNTIL, EXDATE lists, date-only EXDATE, X-MICROSOFT all-day)' },
  { feed: 'apple', what: 'Apple Calendar (X-APPLE fields, RECURRENCE-ID moved across days before its master, RDATE, floating times, floating UNTIL)' },
  { feed: 'meetup', what: 'a public event site (Meetup: monthly BYDAY rule, UTC event, DURATION, missing UID, truncated download)' },
];

describe.each(FEEDS)('$feed export: $what', ({ feed }) => {
  const ics = read(`${feed}.ics`);
  const expected = JSON.parse(read(`${feed}.expected.json`)) as Expected;

  it.each(Object.keys(expected.zones))('gives exactly the expected occurrences in %s', async (zone) => {
    const result = await expandIcs(ics, new Date(expected.from), new Date(expected.to), zone);
    const derived = result.events.filter((e) => e.uid.startsWith('miroir-'));
    const uids = new Set(derived.map((e) => e.uid));
    // A missing UID is derived from the event itself: the same in every zone and every run.
    expect(uids.size).toBe(expected.zones[zone].filter((e) => e.uid === 'DERIVED').length > 0 ? 1 : 0);
    const want = expected.zones[zone].map((e) => (e.uid === 'DERIVED' ? { ...e, uid: [...uids][0] } : e));
    expect(result.events).toEqual(want);
  });
});

describe('warnings on real feeds', () => {
  it('reads the clean exports without a single warning', async () => {
    for (const feed of ['google', 'outlook', 'apple']) {
      const result = await expandIcs(read(`${feed}.ics`), new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), 'Europe/Paris');
      expect({ feed, warnings: result.warnings }).toEqual({ feed, warnings: [] });
    }
  });

  it('reports the truncated last event of the Meetup download and keeps the rest', async () => {
    const result = await expandIcs(read('meetup.ics'), new Date('2026-03-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'), 'Europe/Paris');
    expect(result.warnings).toEqual([expect.stringMatching(/line \d+: the feed ends inside a VEVENT \(truncated\)/)]);
    expect(result.events.map((e) => e.title)).not.toContain('Paris.js #113');
  });

  it('derives the same UID for an event without one on every parse', async () => {
    const window = [new Date('2026-04-10T00:00:00Z'), new Date('2026-04-11T00:00:00Z')] as const;
    const a = await expandIcs(read('meetup.ics'), ...window, 'Europe/Paris');
    const b = await expandIcs(read('meetup.ics'), ...window, 'Asia/Tokyo');
    expect(a.events[0].uid).toMatch(/^miroir-[0-9a-f]{24}$/);
    expect(b.events[0].uid).toBe(a.events[0].uid);
  });
});
