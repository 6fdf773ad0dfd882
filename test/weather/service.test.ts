import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import type { DomainEvent } from '@server/core/events';
import { loadConfig } from '@server/plugins/config';
import { createProvider } from '@server/weather/providers';
import { WeatherService } from '@server/weather/service';
import type { WeatherReport } from '@server/weather/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createTestStore, STORE_KINDS } from '@test/helpers/stores';
import { fixture, StubProvider } from './stub-server';

const MIN = 60_000;

describe.each(STORE_KINDS)('weather service and GET /api/v1/weather [%s]', (kind) => {
  let stub: StubProvider;
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  const get = async (auth = home.auth) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json() as WeatherReport;
  };
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    stub = await StubProvider.start();
    t = await buildTestApp({ store: kind, now: '2026-11-30T07:00:00Z', env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await t.household('Paris', 'fr-FR');
    t.app.events.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });
  beforeEach(() => {
    stub.seen.length = 0;
  });

  it('serves the normalised forecast with current conditions from the current hour', async () => {
    t.clock.set('2026-11-30T07:40:00Z');
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    const report = await get();
    expect(report).toMatchObject({ provider: 'open-meteo', stale: false, fetchedAt: '2026-11-30T07:40:00.000Z' });
    expect(report.unavailable).toBeUndefined();
    expect(report.current).toMatchObject({ time: '2026-11-30T08:00:00+01:00' });
    expect(report.hourly).toHaveLength(168);
    expect(report.daily[0]).toMatchObject({ date: '2026-11-30', sunrise: '2026-11-30T08:23:00+01:00' });
    const asked = stub.requests('/v1/forecast')[0].query;
    expect(asked.get('latitude')).toBe('48.85');
    expect(asked.get('timezone')).toBe('Europe/Paris');
    expect(events.some((e) => e.type === 'weather.updated' && e.householdId === home.id)).toBe(true);
  });

  it('answers only the hours from the one under way when asked for some (?hours=), and refuses a count that makes no sense', async () => {
    t.clock.set('2026-11-30T07:40:00Z');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/weather?hours=3', headers: home.auth });
    expect(res.statusCode).toBe(200);
    const report = res.json() as WeatherReport;
    // 07:40 UTC is 08:40 in Paris: the 08:00 hour is under way.
    expect(report.hourly.map((h) => h.time)).toEqual(['2026-11-30T08:00:00+01:00', '2026-11-30T09:00:00+01:00', '2026-11-30T10:00:00+01:00']);
    expect(report.current).toMatchObject({ time: '2026-11-30T08:00:00+01:00' });
    expect(report.daily.length).toBeGreaterThan(1);
    // The hours left in the forecast, when fewer than asked: 168 from midnight, less the 8 gone by.
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/weather?hours=384', headers: home.auth })).json() as WeatherReport;
    expect(all.hourly).toHaveLength(160);
    for (const bad of ['0', '385', 'abc', '2.5']) {
      const refused = await t.app.inject({ method: 'GET', url: `/api/v1/weather?hours=${bad}`, headers: home.auth });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toHaveProperty('error');
    }
    expect(stub.seen).toHaveLength(0);
  });

  it('answers from the cache within the TTL, and the provider\'s finer "now" block once its hour comes', async () => {
    t.clock.set('2026-11-30T07:50:00Z');
    const report = await get();
    expect(stub.seen).toHaveLength(0);
    expect(report.current).toMatchObject({ time: '2026-11-30T08:45:00+01:00', temperature: 4.6 });
  });

  it('refreshes after the TTL, and current follows the clock, not the first row', async () => {
    t.clock.set('2026-11-30T12:10:00Z');
    const report = await get();
    expect(stub.seen).toHaveLength(1);
    expect(report.fetchedAt).toBe('2026-11-30T12:10:00.000Z');
    expect(report.current?.time).toBe('2026-11-30T13:00:00+01:00');
  });

  it('serves the last good forecast, stale, when the provider fails; never a 500; and leaves it alone for a while', async () => {
    t.clock.set('2026-11-30T13:00:00Z');
    stub.reply({ status: 500, body: 'Internal Server Error' });
    const report = await get();
    expect(report).toMatchObject({ stale: true, fetchedAt: '2026-11-30T12:10:00.000Z' });
    expect(report.current?.time).toBe('2026-11-30T14:00:00+01:00');
    expect(stub.seen).toHaveLength(3);
    stub.seen.length = 0;
    t.clock.set('2026-11-30T13:00:30Z');
    expect((await get()).stale).toBe(true);
    expect(stub.seen).toHaveLength(0);
    expect(events.filter((e) => e.type === 'weather.updated').at(-1)?.payload).toEqual({ stale: true, fetchedAt: '2026-11-30T12:10:00.000Z' });
  });

  it('stays stale on garbage, truncated or empty answers, then recovers', async () => {
    const body = fixture('open-meteo-paris.json');
    const bad = [stub.json('{"hourly": {"time": "soon"}}'), stub.json(body.slice(0, 4000)), stub.json('')];
    let at = Date.parse('2026-11-30T13:00:00Z');
    for (const reply of bad) {
      at += 20 * MIN; // past the failure backoff
      t.clock.set(new Date(at));
      stub.reply(reply);
      const report = await get();
      expect(report).toMatchObject({ stale: true, fetchedAt: '2026-11-30T12:10:00.000Z' });
      expect(report.hourly.length).toBeGreaterThan(0);
    }
    t.clock.set(new Date(at + 20 * MIN));
    stub.reply(stub.json(body));
    const fresh = await get();
    expect(fresh.stale).toBe(false);
    expect(fresh.fetchedAt).toBe(new Date(at + 20 * MIN).toISOString());
  });

  it('honours Retry-After: no request before it, one after', async () => {
    t.clock.advance(31 * MIN);
    stub.reply({ status: 429, body: fixture('met-no-error-429.html'), headers: { 'retry-after': '900' } });
    expect((await get()).stale).toBe(true);
    expect(stub.seen).toHaveLength(1);
    t.clock.advance(10 * MIN);
    await get();
    expect(stub.seen).toHaveLength(1);
    t.clock.advance(6 * MIN);
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    expect((await get()).stale).toBe(false);
    expect(stub.seen).toHaveLength(2);
  });

  it('says clearly, in the household language, why there is no weather', async () => {
    const nowhere = await t.app.households.create({ name: 'Nowhere', locale: 'fr-FR', timezone: 'Europe/Paris' });
    const res = await get({ authorization: `Bearer ${nowhere.token}` });
    expect(res).toEqual({
      current: null,
      hourly: [],
      daily: [],
      provider: 'open-meteo',
      fetchedAt: null,
      stale: true,
      unavailable: { code: 'NO_LOCATION', message: expect.stringContaining('Météo indisponible') },
    });
    await t.app.consents.set(home.id, { location: false });
    const refused = await get();
    expect(refused.unavailable?.code).toBe('LOCATION_CONSENT_REQUIRED');
    expect(refused.hourly).toEqual([]);
    await t.app.consents.set(home.id, { location: true });
    expect((await get()).unavailable).toBeUndefined();
  });

  it('refreshAll brings every household up to date and announces it', async () => {
    t.clock.advance(40 * MIN);
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    const before = events.length;
    await t.app.weather.refreshAll();
    const announced = events.slice(before).filter((e) => e.type === 'weather.updated' && e.householdId === home.id);
    expect(announced).toHaveLength(1);
    expect(announced[0].payload).toEqual({ stale: false, fetchedAt: t.clock.now().toISOString() });
  });
});

describe.each(STORE_KINDS)('weather across restarts and first start [%s]', (kind) => {
  let stub: StubProvider;
  beforeAll(async () => {
    stub = await StubProvider.start();
  });
  afterAll(async () => stub.close());

  it('keeps the last forecast through a restart with no network; a first start with none says unavailable', async () => {
    const testStore = await createTestStore(kind);
    const clock = new ManualClock('2026-11-30T07:00:00Z');
    const online = loadConfig({ LOG_LEVEL: 'silent', MIROIR_BACKGROUND_JOBS: 'false', OPEN_METEO_URL: `${stub.url}/v1` });
    const offline = loadConfig({ LOG_LEVEL: 'silent', MIROIR_BACKGROUND_JOBS: 'false', OPEN_METEO_URL: 'http://127.0.0.1:9/v1' });
    try {
      let app = await buildApp({ config: online, clock, store: testStore.store, logger: false });
      const { household, token } = await app.households.create({ name: 'Lyon', locale: 'en-US', timezone: 'Europe/Paris', latitude: 48.8512, longitude: 2.3488 });
      const auth = { authorization: `Bearer ${token}` };
      stub.reply({ reset: true });
      const first = await app.inject({ method: 'GET', url: '/api/v1/weather', headers: auth });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ current: null, hourly: [], daily: [], fetchedAt: null, stale: true, unavailable: { code: 'WEATHER_UNAVAILABLE', message: expect.stringContaining('unavailable') } });

      clock.advance(2 * MIN); // past the backoff after that failure
      stub.reply(stub.json(fixture('open-meteo-paris.json')));
      expect((await app.weather.forecast(household.id)).stale).toBe(false);
      await app.close();

      clock.advanceHours(3);
      app = await buildApp({ config: offline, clock, store: testStore.store, logger: false });
      const restored = (await app.inject({ method: 'GET', url: '/api/v1/weather', headers: auth })).json() as WeatherReport;
      expect(restored).toMatchObject({ stale: true, fetchedAt: '2026-11-30T07:02:00.000Z' });
      expect(restored.current?.time).toBe('2026-11-30T11:00:00+01:00');
      expect(restored.hourly).toHaveLength(168);
      await app.close();
    } finally {
      await testStore.dispose();
    }
  });
});

describe('MET Norway through the app', () => {
  it('identifies itself, and serves current conditions from the current hour', async () => {
    const stub = await StubProvider.start();
    const t = await buildTestApp({ now: '2026-11-30T09:20:00Z', env: { WEATHER_PROVIDER: 'met-no', MET_NO_URL: `${stub.url}/weatherapi` } });
    try {
      stub.reply(stub.json(fixture('met-no-paris-complete.json'), { headers: { expires: new Date(Date.now() + 50 * MIN).toUTCString() } }));
      const home = await t.household();
      const report = (await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: home.auth })).json() as WeatherReport;
      expect(report.provider).toBe('met-no');
      expect(report.current?.time).toBe('2026-11-30T10:00:00+01:00');
      const seen = stub.requests('/weatherapi/locationforecast/2.0/complete');
      expect(seen).toHaveLength(1);
      expect(seen[0].headers['user-agent']).toMatch(/^Miroir\//);
      // MET's Expires (50 min) outlasts our 30-minute TTL: no request before it.
      t.clock.advance(40 * MIN);
      expect((await t.app.weather.forecast(home.id)).stale).toBe(false);
      expect(stub.seen).toHaveLength(1);
    } finally {
      await t.close();
      await stub.close();
    }
  });
});

describe('a stalled provider', () => {
  let stub: StubProvider;
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  const service = (options: ConstructorParameters<typeof WeatherService>[1]) =>
    new WeatherService(
      { store: t.app.store, clock: t.clock, events: t.app.events, households: t.app.households, consents: t.app.consents, provider: createProvider(t.config) },
      { fetch: { timeoutMs: 3_000, attempts: 1, backoffMs: 10 }, ...options },
    );
  beforeAll(async () => {
    stub = await StubProvider.start();
    t = await buildTestApp({ env: { OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await t.household();
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it('answers "unavailable" within the first-fetch deadline when there is nothing in hand', async () => {
    stub.reply({ hang: true });
    const weather = service({ firstFetchDeadlineMs: 150 });
    const started = Date.now();
    const report = await weather.forecast(home.id);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.unavailable?.code).toBe('WEATHER_UNAVAILABLE');
    weather.close();
  });

  it('gives up waiting on a stalled provider and answers from the older forecast within the soft deadline', async () => {
    const weather = service({ softDeadlineMs: 150 });
    stub.reply(stub.json(fixture('open-meteo-paris.json')));
    expect((await weather.forecast(home.id)).stale).toBe(false);
    t.clock.advance(45 * MIN);
    stub.reply({ hang: true });
    const started = Date.now();
    const report = await weather.forecast(home.id);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report).toMatchObject({ stale: true, fetchedAt: '2026-11-30T07:00:00.000Z' });
    weather.close();
  });
});
