import { demoGarmentInputs } from '@server/wardrobe/demo';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { fixture, StubProvider } from '@test/weather/stub-server';

type Household = Awaited<ReturnType<TestApp['household']>>;

/** A work calendar as Google Calendar exports it: an interview on Tuesday, the gym on Wednesday. */
const WORK_ICS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:Travail',
  'X-WR-TIMEZONE:Europe/Paris',
  'BEGIN:VEVENT',
  'DTSTART;TZID=Europe/Paris:20261201T100000',
  'DTEND;TZID=Europe/Paris:20261201T110000',
  'DTSTAMP:20261120T091512Z',
  'UID:7d1k2n7v3q8b0c4d9e6f1g2h3i@google.com',
  'LOCATION:Tour Acme\\, La Défense',
  'SUMMARY:Entretien chez Acme',
  'STATUS:CONFIRMED',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;TZID=Europe/Paris:20261202T183000',
  'DTEND;TZID=Europe/Paris:20261202T193000',
  'DTSTAMP:20261120T091512Z',
  'UID:8e2l3o8w4r9c1d5e0f7g2h3i4j@google.com',
  'LOCATION:Piscine Pontoise',
  'SUMMARY:Piscine',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261201',
  'DTEND;VALUE=DATE:20261202',
  'DTSTAMP:20261120T091512Z',
  'UID:9f3m4p9x5s0d2e6f1g8h3i4j5k@google.com',
  'SUMMARY:Anniversaire de Léa',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const COLD_DRY = { temperature: 3, apparentTemperature: 1, windSpeed: 2, precipitation: 0, precipitationProbability: 5, weatherType: 'clear' } as const;

describe("what-if takes Miroir's own documents back as they were returned", () => {
  let stub: StubProvider;
  let t: TestApp;
  let home: Household;
  beforeAll(async () => {
    stub = await StubProvider.start();
    t = await buildTestApp({ now: '2026-11-30T07:40:00Z', env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await t.household('Paris', 'fr-FR');
    const second = (await t.app.households.addProfile(home.id, { name: 'Julien' })).id;
    await t.app.wardrobe.createMany(home.id, demoGarmentInputs('fr-FR', home.profileId, second));
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const suggest = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/outfits/suggest', headers: home.auth, payload });

  it('takes GET /api/v1/weather whole (current, daily, provider… ignored) and uses its hourly rows', async () => {
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    const weather = await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: home.auth });
    expect(weather.statusCode).toBe(200);
    const report = weather.json();
    expect(report).toMatchObject({ provider: 'open-meteo', stale: false, current: expect.any(Object), daily: expect.any(Array) });

    const whatIf = await suggest({ date: '2026-11-30', weather: report });
    expect(whatIf.statusCode).toBe(200);
    const live = (await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today?date=2026-11-30', headers: home.auth })).json();
    expect(live.context.weather).not.toBeNull();
    // The same hours as the live forecast, so the same outdoor weather.
    expect(whatIf.json().context.weather).toEqual(live.context.weather);
    expect(whatIf.json().context.typicalWeather).toBe(false);

    // And it is the given hours that count: the same document ten degrees warmer is a warmer day.
    const warmer = { ...report, hourly: report.hourly.map((h: { temperature: number; apparentTemperature: number }) => ({ ...h, temperature: h.temperature + 10, apparentTemperature: h.apparentTemperature + 10 })) };
    const warm = (await suggest({ date: '2026-11-30', weather: warmer })).json();
    expect(warm.context.weather.minApparentTemperature).toBeCloseTo(live.context.weather.minApparentTemperature + 10, 5);
  });

  it('takes an unavailable weather document back as no weather', async () => {
    stub.reply({ status: 503, body: 'down' });
    const offline = await buildTestApp({ now: '2026-11-30T07:40:00Z', env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    try {
      const h = await offline.household('Hors ligne', 'fr-FR');
      const report = (await offline.app.inject({ method: 'GET', url: '/api/v1/weather', headers: h.auth })).json();
      expect(report.hourly).toEqual([]);
      const res = await offline.app.inject({ method: 'POST', url: '/api/v1/outfits/suggest', headers: h.auth, payload: { date: '2026-11-30', weather: report } });
      expect(res.statusCode).toBe(200);
      expect(res.json().context.weather).toBeNull();
    } finally {
      await offline.close();
    }
  });

  it("takes GET /api/v1/agenda's events back (uid, calendarId ignored), keeping those of the day", async () => {
    const added = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: home.auth, payload: { name: 'Travail', ics: WORK_ICS } });
    expect(added.statusCode).toBe(201);
    const agenda = await t.app.inject({ method: 'GET', url: '/api/v1/agenda?from=2026-11-30&to=2026-12-07', headers: home.auth });
    expect(agenda.statusCode).toBe(200);
    const events = agenda.json().events as Array<{ uid: string; calendarId: string; title: string }>;
    expect(events.map((e) => e.title)).toEqual(['Anniversaire de Léa', 'Entretien chez Acme', 'Piscine']);
    expect(events[0]).toMatchObject({ uid: expect.any(String), calendarId: expect.any(String) });

    const whatIf = await suggest({ date: '2026-12-01', weather: COLD_DRY, events });
    expect(whatIf.statusCode).toBe(200);
    const live = (await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today?date=2026-12-01', headers: home.auth })).json();
    const withoutUid = (list: Array<Record<string, unknown>>) => list.map(({ uid: _uid, ...rest }) => rest);
    expect(withoutUid(whatIf.json().context.events)).toEqual(withoutUid(live.context.events));
    expect(whatIf.json().context.events.map((e: { title: string }) => e.title)).toEqual(['Anniversaire de Léa', 'Entretien chez Acme']);
    expect(whatIf.json().context.dressCode).toBe(live.context.dressCode);
    expect(whatIf.json().context.outdoorWindows).toEqual(live.context.outdoorWindows);
  });

  it("takes a suggestion's own context back (its weather's hours, its events)", async () => {
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    const today = (await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today?date=2026-12-01', headers: home.auth })).json();
    expect(today.context.weather?.hours.length).toBeGreaterThan(0);
    expect(today.context.events.length).toBeGreaterThan(0);
    const res = await suggest({ date: '2026-12-01', profile: 'Julien', weather: today.context.weather, events: today.context.events });
    expect(res.statusCode).toBe(200);
    expect(res.json().context.weather).toEqual(today.context.weather);
    expect(res.json().context.events.map((e: { title: string; dressCode: string }) => [e.title, e.dressCode])).toEqual(
      today.context.events.map((e: { title: string; dressCode: string }) => [e.title, e.dressCode]),
    );
  });

  it('still refuses what is not such a document, and a typo at the top level', async () => {
    for (const payload of [
      { weather: { hourly: [{ time: '2026-11-30T08:00:00+01:00' }] } },
      { weather: { hourly: [{ time: 'tomorrow', temperature: 4 }] } },
      { weather: { temperature: 4, feels: 2 } },
      { events: [{ title: 'x', start: '2026-12-01T10:00:00+01:00' }] },
      { date: '2026-12-01', weathr: COLD_DRY },
    ]) {
      const res = await suggest(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
