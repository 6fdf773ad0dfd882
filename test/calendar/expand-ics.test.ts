import { expandIcs, UnknownZoneError } from '@server/calendar/expand-ics';

const vcal = (...events: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const vevent = (...lines: string[]): string => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
const window = (from: string, to: string) => [new Date(from), new Date(to)] as const;
const starts = (events: Array<{ start: string }>): string[] => events.map((e) => e.start);

describe('expandIcs', () => {
  it('keeps a weekly 09:00 meeting at 09:00 local across the DST change', async () => {
    const ics = vcal(vevent('UID:w', 'SUMMARY:Weekly', 'DTSTART;TZID=Europe/Paris:20260323T090000', 'DTEND;TZID=Europe/Paris:20260323T091500', 'RRULE:FREQ=DAILY;COUNT=3', 'DTSTAMP:20260101T000000Z'));
    const { events } = await expandIcs(ics, ...window('2026-03-27T00:00:00Z', '2026-04-10T00:00:00Z'), 'Europe/Paris');
    expect(events).toEqual([]);
    const daily = vcal(vevent('UID:d', 'SUMMARY:Daily', 'DTSTART;TZID=Europe/Paris:20260327T090000', 'DTEND;TZID=Europe/Paris:20260327T091500', 'RRULE:FREQ=DAILY;COUNT=4'));
    const result = await expandIcs(daily, ...window('2026-03-27T00:00:00Z', '2026-04-10T00:00:00Z'), 'Europe/Paris');
    expect(starts(result.events)).toEqual(['2026-03-27T09:00:00+01:00', '2026-03-28T09:00:00+01:00', '2026-03-29T09:00:00+02:00', '2026-03-30T09:00:00+02:00']);
    expect(result.events[2].end).toBe('2026-03-29T09:15:00+02:00');
  });

  it('reads bare VEVENTs without a VCALENDAR around them', async () => {
    const ics = vevent('UID:bare', 'SUMMARY:Pasted', 'DTSTART:20260601T100000Z', 'DTEND:20260601T110000Z');
    const { events, warnings } = await expandIcs(ics, ...window('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'), 'Europe/Paris');
    expect(events).toEqual([{ uid: 'bare', title: 'Pasted', start: '2026-06-01T12:00:00+02:00', end: '2026-06-01T13:00:00+02:00', allDay: false, location: null }]);
    expect(warnings).toEqual([]);
  });

  it('never moves an all-day event to another day, west or east of UTC', async () => {
    const ics = vcal(vevent('UID:a', 'SUMMARY:Holiday', 'DTSTART;VALUE=DATE:20260704', 'DTEND;VALUE=DATE:20260705'));
    for (const zone of ['Pacific/Honolulu', 'America/Los_Angeles', 'UTC', 'Europe/Paris', 'Pacific/Kiritimati']) {
      const { events } = await expandIcs(ics, ...window('2026-06-01T00:00:00Z', '2026-08-01T00:00:00Z'), zone);
      expect({ zone, events }).toEqual({ zone, events: [{ uid: 'a', title: 'Holiday', start: '2026-07-04', end: '2026-07-05', allDay: true, location: null }] });
    }
  });

  it('includes an all-day event when the window covers part of its day in the viewer zone only', async () => {
    const ics = vcal(vevent('UID:a', 'SUMMARY:Day', 'DTSTART;VALUE=DATE:20260704'));
    // 2026-07-04 in Los Angeles is 07:00Z on the 4th to 07:00Z on the 5th.
    const inside = await expandIcs(ics, ...window('2026-07-05T06:00:00Z', '2026-07-05T08:00:00Z'), 'America/Los_Angeles');
    expect(inside.events).toHaveLength(1);
    const outside = await expandIcs(ics, ...window('2026-07-05T06:00:00Z', '2026-07-05T08:00:00Z'), 'Europe/Paris');
    expect(outside.events).toHaveLength(0);
  });

  it('reads a UTC UNTIL on a date-only series as a date in the viewer zone when the feed names none', async () => {
    // Written in Paris: "until 31 March" became midnight Paris time in UTC.
    const ics = vcal(vevent('UID:s', 'SUMMARY:Series', 'DTSTART;VALUE=DATE:20260329', 'RRULE:FREQ=DAILY;UNTIL=20260330T220000Z'));
    const paris = await expandIcs(ics, ...window('2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z'), 'Europe/Paris');
    expect(starts(paris.events)).toEqual(['2026-03-29', '2026-03-30', '2026-03-31']);
    const withHint = vcal('X-WR-TIMEZONE:Europe/Paris', vevent('UID:s', 'SUMMARY:Series', 'DTSTART;VALUE=DATE:20260329', 'RRULE:FREQ=DAILY;UNTIL=20260330T220000Z'));
    const la = await expandIcs(withHint, ...window('2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z'), 'America/Los_Angeles');
    expect(starts(la.events)).toEqual(['2026-03-29', '2026-03-30', '2026-03-31']);
  });

  it('applies UTC and date-only EXDATEs to zoned instances, and comma lists value by value', async () => {
    const ics = vcal(
      vevent(
        'UID:x',
        'SUMMARY:Daily',
        'DTSTART;TZID=America/New_York:20260302T080000',
        'DURATION:PT30M',
        'RRULE:FREQ=DAILY;COUNT=6',
        'EXDATE:20260303T130000Z',
        'EXDATE;VALUE=DATE:20260305',
        'EXDATE;TZID=America/New_York:20260306T080000,2026BAD',
      ),
    );
    const { events, warnings } = await expandIcs(ics, ...window('2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z'), 'America/New_York');
    expect(starts(events)).toEqual(['2026-03-02T08:00:00-05:00', '2026-03-04T08:00:00-05:00', '2026-03-07T08:00:00-05:00']);
    expect(events[0].end).toBe('2026-03-02T08:30:00-05:00');
    expect(warnings).toEqual([expect.stringMatching(/EXDATE value skipped/)]);
  });

  it('resolves Windows names without VTIMEZONE, Outlook display names and vendor-prefixed IANA names', async () => {
    const ics = vcal(
      vevent('UID:1', 'SUMMARY:Windows', 'DTSTART;TZID=W. Europe Standard Time:20260715T090000'),
      vevent('UID:2', 'SUMMARY:Display', 'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260715T100000'),
      vevent('UID:3', 'SUMMARY:Mozilla', 'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Paris:20260715T110000'),
      vevent('UID:4', 'SUMMARY:Tokyo', 'DTSTART;TZID=Tokyo Standard Time:20260715T190000'),
      vevent('UID:5', 'SUMMARY:India', 'DTSTART;TZID=India Standard Time:20260715T163000'),
    );
    const { events, warnings } = await expandIcs(ics, ...window('2026-07-15T00:00:00Z', '2026-07-16T00:00:00Z'), 'UTC');
    expect(events.map((e) => [e.title, e.start])).toEqual([
      ['Windows', '2026-07-15T07:00:00+00:00'],
      ['Display', '2026-07-15T08:00:00+00:00'],
      ['Mozilla', '2026-07-15T09:00:00+00:00'],
      ['Tokyo', '2026-07-15T10:00:00+00:00'],
      ['India', '2026-07-15T11:00:00+00:00'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('uses the feed\'s own VTIMEZONE rules for a zone only it defines, even when it comes after the events', async () => {
    const custom = [
      'BEGIN:VTIMEZONE',
      'TZID:Customized Time Zone',
      'BEGIN:STANDARD',
      'DTSTART:16010101T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010101T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ].join('\r\n');
    const ics = vcal(
      vevent('UID:c', 'SUMMARY:Custom', 'DTSTART;TZID=Customized Time Zone:20261023T090000', 'DTEND;TZID=Customized Time Zone:20261023T100000', 'RRULE:FREQ=DAILY;COUNT=4'),
      custom,
    );
    const { events, warnings } = await expandIcs(ics, ...window('2026-10-20T00:00:00Z', '2026-10-30T00:00:00Z'), 'Asia/Tokyo');
    expect(events.map((e) => e.start)).toEqual([
      '2026-10-23T16:00:00+09:00',
      '2026-10-24T16:00:00+09:00',
      '2026-10-25T17:00:00+09:00',
      '2026-10-26T17:00:00+09:00',
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads floating times and unknown zones in the viewer zone, the latter with a warning', async () => {
    const ics = vcal(vevent('UID:f', 'SUMMARY:Floating', 'DTSTART:20260715T090000'), vevent('UID:u', 'SUMMARY:Unknown', 'DTSTART;TZID=Mars/Olympus_Mons:20260715T100000'));
    const { events, warnings } = await expandIcs(ics, ...window('2026-07-14T00:00:00Z', '2026-07-17T00:00:00Z'), 'Asia/Tokyo');
    expect(starts(events)).toEqual(['2026-07-15T09:00:00+09:00', '2026-07-15T10:00:00+09:00']);
    expect(warnings).toEqual([expect.stringContaining('unknown time zone "Mars/Olympus_Mons"')]);
  });

  it('skips broken properties with a warning and never fails', async () => {
    const ics = vcal(
      vevent('UID:r', 'SUMMARY:Bad rule', 'DTSTART:20260715T090000Z', 'RRULE:FREQ=WEEKLY;BYDAY=XX'),
      vevent('UID:n', 'SUMMARY:No start'),
      vevent('UID:b', 'SUMMARY:Bad start', 'DTSTART:2026-07-BAD'),
      vevent('UID:e', 'SUMMARY:Bad end', 'DTSTART:20260715T100000Z', 'DTEND:20260230T100000Z', 'this line has no colon'),
      vevent('UID:back', 'SUMMARY:Backwards', 'DTSTART:20260715T110000Z', 'DTEND:20260715T100000Z'),
    );
    const { events, warnings } = await expandIcs(ics, ...window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'), 'UTC');
    expect(events.map((e) => [e.title, e.start, e.end])).toEqual([
      ['Bad rule', '2026-07-15T09:00:00+00:00', '2026-07-15T09:00:00+00:00'],
      ['Bad end', '2026-07-15T10:00:00+00:00', '2026-07-15T10:00:00+00:00'],
      ['Backwards', '2026-07-15T11:00:00+00:00', '2026-07-15T11:00:00+00:00'],
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/^line 8: RRULE skipped \(invalid BYDAY value "XX"\)/),
      expect.stringMatching(/^line 10: VEVENT without DTSTART skipped/),
      expect.stringMatching(/^line 17: VEVENT skipped, its DTSTART is unusable/),
      expect.stringMatching(/^line 23: DTEND skipped \(.* is not a valid date\)/),
      expect.stringMatching(/DTEND before DTSTART/),
    ]);
  });

  it('moves an overridden instance, even across days and out of the window', async () => {
    const master = vevent('UID:m', 'SUMMARY:Class', 'DTSTART;TZID=Europe/Paris:20260706T180000', 'DTEND;TZID=Europe/Paris:20260706T190000', 'RRULE:FREQ=WEEKLY;COUNT=3');
    const moved = vevent('UID:m', 'RECURRENCE-ID;TZID=Europe/Paris:20260713T180000', 'SUMMARY:Class (moved)', 'DTSTART;TZID=Europe/Paris:20260725T090000', 'DTEND;TZID=Europe/Paris:20260725T100000');
    const ics = vcal(moved, master);
    const july = await expandIcs(ics, ...window('2026-07-01T00:00:00+00:00', '2026-07-19T00:00:00+00:00'), 'Europe/Paris');
    expect(july.events.map((e) => [e.title, e.start])).toEqual([
      ['Class', '2026-07-06T18:00:00+02:00'],
    ]);
    const later = await expandIcs(ics, ...window('2026-07-19T00:00:00+00:00', '2026-08-01T00:00:00+00:00'), 'Europe/Paris');
    expect(later.events.map((e) => [e.title, e.start])).toEqual([
      ['Class', '2026-07-20T18:00:00+02:00'],
      ['Class (moved)', '2026-07-25T09:00:00+02:00'],
    ]);
  });

  it('adds RDATE periods and skips a cancelled series', async () => {
    const ics = vcal(
      vevent('UID:p', 'SUMMARY:Talks', 'DTSTART:20260901T090000Z', 'DTEND:20260901T100000Z', 'RDATE;VALUE=PERIOD:20260902T140000Z/PT2H,20260903T080000Z/20260903T083000Z'),
      vevent('UID:c', 'SUMMARY:Cancelled', 'STATUS:CANCELLED', 'DTSTART:20260901T120000Z', 'RRULE:FREQ=DAILY'),
    );
    const { events } = await expandIcs(ics, ...window('2026-09-01T00:00:00+00:00', '2026-09-05T00:00:00+00:00'), 'UTC');
    expect(events.map((e) => [e.start, e.end])).toEqual([
      ['2026-09-01T09:00:00+00:00', '2026-09-01T10:00:00+00:00'],
      ['2026-09-02T14:00:00+00:00', '2026-09-02T16:00:00+00:00'],
      ['2026-09-03T08:00:00+00:00', '2026-09-03T08:30:00+00:00'],
    ]);
  });

  it('expands only the window of a long history', async () => {
    const ics = vcal(
      vevent('UID:old', 'SUMMARY:Since 2000', 'DTSTART;TZID=Europe/Paris:20000103T083000', 'DTEND;TZID=Europe/Paris:20000103T090000', 'RRULE:FREQ=DAILY'),
      vevent('UID:month', 'SUMMARY:Last Friday', 'DTSTART;TZID=Europe/Paris:19990129T190000', 'RRULE:FREQ=MONTHLY;BYDAY=-1FR'),
      vevent('UID:year', 'SUMMARY:Anniversary', 'DTSTART;VALUE=DATE:19800702', 'RRULE:FREQ=YEARLY'),
      vevent('UID:fortnight', 'SUMMARY:Every other Wednesday', 'DTSTART;TZID=Europe/Paris:20050112T120000', 'RRULE:FREQ=WEEKLY;INTERVAL=2'),
      vevent('UID:dense', 'SUMMARY:Every minute', 'DTSTART:20200101T000000Z', 'RRULE:FREQ=MINUTELY'),
    );
    const started = performance.now();
    const { events, warnings } = await expandIcs(ics, ...window('2026-07-01T00:00:00+02:00', '2026-07-03T00:00:00+02:00'), 'Europe/Paris');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(warnings).toEqual([]);
    expect(events.filter((e) => e.uid !== 'dense').map((e) => [e.title, e.start])).toEqual([
      ['Since 2000', '2026-07-01T08:30:00+02:00'],
      ['Every other Wednesday', '2026-07-01T12:00:00+02:00'],
      ['Anniversary', '2026-07-02'],
      ['Since 2000', '2026-07-02T08:30:00+02:00'],
    ]);
    expect(events.filter((e) => e.uid === 'dense')).toHaveLength(2 * 24 * 60);
    const june = await expandIcs(ics, ...window('2026-06-26T00:00:00+02:00', '2026-06-27T00:00:00+02:00'), 'Europe/Paris');
    expect(june.events.filter((e) => e.uid === 'month').map((e) => e.start)).toEqual(['2026-06-26T19:00:00+02:00']);
  });

  it('counts COUNT rules from their start, cutting one too dense to reach the window with a warning', async () => {
    const ics = vcal(
      vevent('UID:dense', 'SUMMARY:Twice a minute', 'DTSTART:20200101T000000Z', 'RRULE:FREQ=MINUTELY;BYSECOND=0,30;COUNT=100000000'),
      vevent('UID:long', 'SUMMARY:Ten thousand days', 'DTSTART:20100101T080000Z', 'RRULE:FREQ=DAILY;COUNT=10000'),
      vevent('UID:over', 'SUMMARY:Over long ago', 'DTSTART:20100101T080000Z', 'RRULE:FREQ=WEEKLY;COUNT=10'),
    );
    const { events, warnings } = await expandIcs(ics, ...window('2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z'), 'UTC');
    expect(events.map((e) => [e.uid, e.start])).toEqual([['long', '2026-07-01T08:00:00+00:00']]);
    expect(warnings).toEqual([expect.stringContaining('"Twice a minute" is too dense')]);
  });

  it('unfolds lines, unescapes text and reads LF-only files with a BOM', async () => {
    const ics = '\ufeffBEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:t\nSUMMARY:Déjeuner\\, puis\n  promenade\nLOCATION:Café\\; terrasse\nDTSTART;VALUE=DATE:20260801\nEND:VEVENT\nEND:VCALENDAR\n';
    const { events } = await expandIcs(ics, ...window('2026-07-31T00:00:00Z', '2026-08-03T00:00:00Z'), 'Europe/Paris');
    expect(events).toEqual([{ uid: 't', title: 'Déjeuner, puis promenade', start: '2026-08-01', end: '2026-08-02', allDay: true, location: 'Café; terrasse' }]);
  });

  it('refuses an unknown viewer zone', async () => {
    await expect(expandIcs(vcal(), ...window('2026-07-31T00:00:00Z', '2026-08-03T00:00:00Z'), 'Europe/Atlantis')).rejects.toBeInstanceOf(UnknownZoneError);
  });
});
