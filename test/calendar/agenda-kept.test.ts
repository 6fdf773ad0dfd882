import { buildTestApp, type TestApp } from '@test/helpers/build-app';

const ics = (uid: string, title: string, day: string) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Kept//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T100000Z', `DTSTART;TZID=Europe/Paris:${day}T090000`, `DTEND;TZID=Europe/Paris:${day}T100000`, 'RRULE:FREQ=DAILY;COUNT=3', `SUMMARY:${title}`, 'CATEGORIES:Work', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

/** A window's occurrences are worked out once per feed version; what a reader gets is its own copy. */
describe('agenda windows kept per feed version', () => {
  let t: TestApp;
  let h: Awaited<ReturnType<TestApp['household']>>;
  beforeAll(async () => {
    t = await buildTestApp();
    h = await t.household('Kept');
    await t.app.consents.set(h.id, { calendars: true });
  });
  afterAll(async () => t.close());

  const titles = async (query = '') => (await t.app.inject({ method: 'GET', url: `/api/v1/agenda${query}`, headers: h.auth })).json<{ events: { title: string }[] }>().events.map((e) => e.title);

  it('follows calendars added and removed, other windows, and never hands out the kept copy', async () => {
    const a = (await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'A', ics: ics('a@test', 'Standup', '20261130') } })).json<{ id: string }>();
    expect(await titles()).toEqual(['Standup']);
    const mine = await t.app.calendar.agenda(h.id, new Date('2026-11-29T23:00:00Z'), new Date('2026-11-30T23:00:00Z'));
    mine[0].title = 'changed';
    mine[0].categories.push('changed');
    const again = await t.app.calendar.agenda(h.id, new Date('2026-11-29T23:00:00Z'), new Date('2026-11-30T23:00:00Z'));
    expect(again[0]).toMatchObject({ title: 'Standup', categories: ['Work'] });
    await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'B', ics: ics('b@test', 'Swim', '20261130') } });
    expect((await titles()).sort()).toEqual(['Standup', 'Swim']);
    expect((await titles('?from=2026-12-03&to=2026-12-04')).sort()).toEqual([]);
    expect((await titles('?from=2026-12-02&to=2026-12-03')).sort()).toEqual(['Standup', 'Swim']);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/calendars/${a.id}`, headers: h.auth });
    expect(await titles()).toEqual(['Swim']);
  });
});
