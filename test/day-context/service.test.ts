import type { DayContext } from '@server/day-context/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { STORE_KINDS } from '@test/helpers/stores';
import { fixture, StubProvider } from '@test/weather/stub-server';

const recorded = JSON.parse(fixture('open-meteo-paris.json')) as { hourly: Record<string, number[]> };
/** Local hours of 30 November in the recorded forecast (row i is i:00 local). */
const apparent = (from: number, to: number) => recorded.hourly.apparent_temperature.slice(from, to + 1);

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//Day context//FR',
  'BEGIN:VEVENT',
  'UID:swim-1@test',
  'DTSTAMP:20261120T100000Z',
  'DTSTART;TZID=Europe/Paris:20261205T090000',
  'DTEND;TZID=Europe/Paris:20261205T100000',
  'SUMMARY:Natation',
  'LOCATION:Piscine Oberkampf',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:wedding-1@test',
  'DTSTAMP:20261120T100000Z',
  'DTSTART;TZID=Europe/Paris:20261205T140000',
  'DTEND;TZID=Europe/Paris:20261205T230000',
  'SUMMARY:Mariage de Julie',
  'LOCATION:Mairie du 11e',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:call-1@test',
  'DTSTAMP:20261120T100000Z',
  'DTSTART;TZID=Europe/Paris:20261205T180000',
  'DTEND;TZID=Europe/Paris:20261205T183000',
  'SUMMARY:Appel',
  'CATEGORIES:Formal',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe.each(STORE_KINDS)('day context [%s]', (kind) => {
  let stub: StubProvider;
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;

  beforeAll(async () => {
    stub = await StubProvider.start();
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    t = await buildTestApp({ store: kind, now: '2026-11-30T06:30:00Z', env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await t.household('Paris', 'fr-FR');
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it('on a commute day: the commute hours and their weather only (dry morning, rain from 17:00)', async () => {
    const ctx = await t.app.dayContext.build(home.id, {});
    expect(ctx).toMatchObject({ date: '2026-11-30', timezone: 'Europe/Paris', locale: 'fr-FR', profileId: home.profileId, weatherStale: false, dressCode: 'casual', events: [] });
    expect(ctx.outdoorWindows).toEqual([{ start: '2026-11-30T08:00:00+01:00', end: '2026-11-30T18:30:00+01:00', source: 'commute' }]);
    const w = ctx.weather!;
    expect(w.hours.map((h) => h.time.slice(11, 16))).toEqual(['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00']);
    expect(w.firstWetHour).toBe('2026-11-30T17:00:00+01:00');
    expect(w.precipitationSum).toBe(2.4);
    expect(w.maxPrecipitationProbability).toBe(90);
    expect(w.minApparentTemperature).toBe(Math.min(...apparent(8, 18)));
    expect(w.maxApparentTemperature).toBe(Math.max(...apparent(8, 18)));
    expect(w.weatherTypes).toEqual(['partly_cloudy', 'cloudy', 'rain']);
  });

  it('keeps a result for a minute, then follows a changed commute: home by 16:00 stays dry', async () => {
    const first = await t.app.dayContext.build(home.id, { date: '2026-11-30' });
    await t.app.households.update(home.id, { settings: { commute: { return: '16:00' } } });
    expect(await t.app.dayContext.build(home.id, { date: '2026-11-30' })).toBe(first);
    t.clock.advance(61_000);
    const ctx = await t.app.dayContext.build(home.id, { date: '2026-11-30' });
    expect(ctx.outdoorWindows[0].end).toBe('2026-11-30T16:00:00+01:00');
    expect(ctx.weather).toMatchObject({ firstWetHour: null, precipitationSum: 0 });
    expect(Math.max(...ctx.weather!.hours.map((h) => h.precipitationProbability ?? 0))).toBeLessThan(50);
    await t.app.households.update(home.id, { settings: { commute: { return: '18:30' } } });
  });

  it('on a free day: from the first departure to the last return of events with a location; their dress codes', async () => {
    const added = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: home.auth, payload: { name: 'Perso', ics: ICS } });
    expect(added.statusCode).toBe(201);
    const ctx = await t.app.dayContext.build(home.id, { date: '2026-12-05' });
    expect(ctx.outdoorWindows).toEqual([{ start: '2026-12-05T08:30:00+01:00', end: '2026-12-05T23:30:00+01:00', source: 'events' }]);
    expect(ctx.events.map((e) => [e.title, e.dressCode, e.activities])).toEqual([
      ['Natation', 'sport', ['swim']],
      ['Mariage de Julie', 'formal', ['wedding']],
      ['Appel', 'formal', []],
    ]);
    expect(ctx.events[0]).toMatchObject({ start: '2026-12-05T09:00:00+01:00', end: '2026-12-05T10:00:00+01:00', allDay: false, location: 'Piscine Oberkampf' });
    expect(ctx.dressCode).toBe('formal');
    expect(ctx.activities).toEqual(['swim', 'wedding']);
    // Thunder from 14:00 to 16:00 on the 5th in the recorded forecast, inside the window.
    expect(ctx.weather?.weatherTypes).toContain('thunderstorm');
    expect(ctx.weather?.firstWetHour).toBe('2026-12-05T14:00:00+01:00');
  });

  it('uses no events when the calendars consent is off', async () => {
    await t.app.consents.set(home.id, { calendars: false });
    const ctx = await t.app.dayContext.build(home.id, { date: '2026-12-05' });
    expect(ctx.events).toEqual([]);
    expect(ctx.dressCode).toBe('casual');
    expect(ctx.outdoorWindows).toEqual([{ start: '2026-12-05T09:00:00+01:00', end: '2026-12-05T18:00:00+01:00', source: 'default' }]);
    await t.app.consents.set(home.id, { calendars: true });
    expect((await t.app.dayContext.build(home.id, { date: '2026-12-05', profileId: 'Paris' })).events).toHaveLength(3);
  });

  it('extends the commute with a nearby evening event, keeps a late one apart', async () => {
    const near = await t.app.dayContext.build(home.id, {
      date: '2026-12-01',
      overrides: { events: [{ title: 'Dîner chez Paul', start: '2026-12-01T20:00:00+01:00', end: '2026-12-01T22:00:00+01:00', location: 'Rue Oberkampf' }] },
    });
    expect(near.outdoorWindows).toEqual([{ start: '2026-12-01T08:00:00+01:00', end: '2026-12-01T22:30:00+01:00', source: 'commute' }]);
    expect(near.dressCode).toBe('smart');
    const late = await t.app.dayContext.build(home.id, {
      date: '2026-12-01',
      overrides: { events: [{ title: 'Concert', start: '2026-12-01T21:30:00Z', end: '2026-12-01T23:00:00Z', location: 'Olympia' }] },
    });
    expect(late.outdoorWindows).toEqual([
      { start: '2026-12-01T08:00:00+01:00', end: '2026-12-01T18:30:00+01:00', source: 'commute' },
      { start: '2026-12-01T22:00:00+01:00', end: '2026-12-02T00:00:00+01:00', source: 'events' },
    ]);
    expect(late.events[0].start).toBe('2026-12-01T22:30:00+01:00');
  });

  it('replaces live weather and events with overrides (what-if)', async () => {
    const ctx: DayContext = await t.app.dayContext.build(home.id, {
      date: '2026-12-05',
      overrides: {
        weather: { temperature: -3, windSpeed: 9, precipitation: 1.2 },
        events: [{ title: 'Job interview', start: '2026-12-05T10:00:00+01:00', end: '2026-12-05T11:00:00+01:00', location: 'La Défense' }],
      },
    });
    expect(ctx.events).toHaveLength(1);
    expect(ctx.events[0]).toMatchObject({ uid: 'override-0', dressCode: 'formal', activities: ['interview'] });
    expect(ctx.outdoorWindows).toEqual([{ start: '2026-12-05T09:30:00+01:00', end: '2026-12-05T11:30:00+01:00', source: 'events' }]);
    expect(ctx.weather).toMatchObject({ minApparentTemperature: -3, maxWindSpeed: 9, firstWetHour: '2026-12-05T09:00:00+01:00', weatherTypes: ['snow'] });
    expect(ctx.weather?.hours).toHaveLength(3);
    expect(ctx.weatherStale).toBe(false);
    const hourly = await t.app.dayContext.build(home.id, {
      date: '2026-12-05',
      overrides: { weather: { hourly: [{ time: '2026-12-05T09:00:00Z', temperature: 12, precipitationProbability: 80 }] }, events: [] },
    });
    expect(hourly.weather).toMatchObject({ maxTemperature: 12, firstWetHour: '2026-12-05T10:00:00+01:00', weatherTypes: ['rain'] });
  });

  it('has a context without weather when the household has no location; refuses a foreign profile or a bad date', async () => {
    const other = await t.app.households.create({ name: 'Nowhere', locale: 'en-US', timezone: 'America/New_York' });
    const ctx = await t.app.dayContext.build(other.household.id, { date: '2026-11-30' });
    expect(ctx.weather).toBeNull();
    expect(ctx.outdoorWindows[0]).toEqual({ start: '2026-11-30T08:00:00-05:00', end: '2026-11-30T18:30:00-05:00', source: 'commute' });
    await expect(t.app.dayContext.build(other.household.id, { profileId: home.profileId })).rejects.toMatchObject({ statusCode: 404 });
    await expect(t.app.dayContext.build(home.id, { date: '2026-02-30' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(t.app.dayContext.build(home.id, { date: 'tomorrow' })).rejects.toMatchObject({ statusCode: 400 });
  });
});
