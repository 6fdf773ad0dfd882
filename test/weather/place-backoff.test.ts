import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { fixture, StubProvider } from './stub-server';

const MIN = 60_000;
const PARIS = 48.85;
const LYON = 45.76;

/** One provider, two places: what goes wrong for one place must not stop the other. */
describe('weather backoff per place', () => {
  let stub: StubProvider;
  let t: TestApp;
  let paris: { authorization: string };
  let lyon: { authorization: string };
  const weather = async (auth: { authorization: string }) => (await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: auth })).json();
  const asked = (latitude: number) => stub.requests('/v1/forecast').filter((r) => r.query.get('latitude') === String(latitude)).length;
  const home = async (name: string, latitude: number, longitude: number) => {
    const created = await t.app.households.create({ name, locale: 'fr-FR', timezone: 'Europe/Paris', latitude, longitude });
    return { authorization: `Bearer ${created.token}` };
  };

  beforeEach(async () => {
    stub = await StubProvider.start();
    t = await buildTestApp({ now: '2026-11-30T07:40:00Z', env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    paris = await home('Paris', PARIS, 2.35);
    lyon = await home('Lyon', LYON, 4.84);
    stub.replyFor(PARIS, stub.json(fixture('open-meteo-paris.json')));
  });
  afterEach(async () => {
    await t.close();
    await stub.close();
  });

  it.each([
    ['a 400 about that place', { status: 400, body: fixture('open-meteo-error-400.json'), headers: { 'content-type': 'application/json' } }],
    ['an answer that is not a forecast', { status: 200, body: '{"hourly": {"time": "soon"}}', headers: { 'content-type': 'application/json' } }],
  ])('after %s, backs off that place only', async (_label, reply) => {
    stub.replyFor(LYON, reply);
    expect((await weather(lyon)).unavailable?.code).toBe('WEATHER_UNAVAILABLE');
    expect(asked(LYON)).toBe(1);
    // Paris, asked right after, is still served.
    const served = await weather(paris);
    expect(served).toMatchObject({ stale: false, fetchedAt: '2026-11-30T07:40:00.000Z' });
    expect(served.hourly).toHaveLength(168);
    // Lyon is left alone while it backs off, then asked again.
    t.clock.advance(30_000);
    await weather(lyon);
    expect(asked(LYON)).toBe(1);
    t.clock.advance(2 * MIN);
    stub.replyFor(LYON, stub.json(fixture('open-meteo-paris.json')));
    expect((await weather(lyon)).stale).toBe(false);
    expect(asked(LYON)).toBe(2);
  });

  it('holds the whole provider after a 429 with Retry-After', async () => {
    stub.replyFor(LYON, { status: 429, body: '{"error":true,"reason":"Minutely API request limit exceeded. Please try again in one minute."}', headers: { 'retry-after': '60' } });
    await weather(lyon);
    expect((await weather(paris)).unavailable?.code).toBe('WEATHER_UNAVAILABLE');
    expect(asked(PARIS)).toBe(0);
    t.clock.advance(61_000);
    expect((await weather(paris)).stale).toBe(false);
    expect(asked(PARIS)).toBe(1);
  });

  it('holds the whole provider after a network failure', async () => {
    stub.replyFor(LYON, { reset: true });
    await weather(lyon);
    expect(asked(LYON)).toBe(3);
    expect((await weather(paris)).unavailable?.code).toBe('WEATHER_UNAVAILABLE');
    expect(asked(PARIS)).toBe(0);
  });
});

describe('a recorded answer without felt temperature or rain probability, wind in km/h', () => {
  it('gives the household its weather, not "weather unavailable"', async () => {
    const stub = await StubProvider.start();
    const t = await buildTestApp({ now: '2026-11-30T07:50:00Z', env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    try {
      const created = await t.app.households.create({ name: 'Paris', locale: 'fr-FR', timezone: 'Europe/Paris', latitude: PARIS, longitude: 2.35 });
      stub.reply(stub.json(fixture('open-meteo-paris-no-apparent-kmh.json')));
      const report = (await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: { authorization: `Bearer ${created.token}` } })).json();
      expect(report.unavailable).toBeUndefined();
      expect(report).toMatchObject({ stale: false, provider: 'open-meteo', daily: [] });
      expect(report.hourly).toHaveLength(168);
      // The provider's own 08:45 block, its wind converted from km/h.
      expect(report.current).toMatchObject({ time: '2026-11-30T08:45:00+01:00', temperature: 4.6, windSpeed: 3.9 });
      expect(report.current.apparentTemperature).toBeLessThan(4.6);
    } finally {
      await t.close();
      await stub.close();
    }
  });
});
