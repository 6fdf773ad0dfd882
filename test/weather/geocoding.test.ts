import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { fixture, StubProvider } from '@test/weather/stub-server';

describe('GET /api/v1/places (Open-Meteo geocoding, behind OPEN_METEO_GEOCODING_URL)', () => {
  let stub: StubProvider;
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  beforeAll(async () => {
    stub = await StubProvider.start();
    t = await buildTestApp({ env: { OPEN_METEO_GEOCODING_URL: `${stub.url}/v1` } });
    home = await t.household('Maison', 'fr-FR');
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const search = (q: string, language = 'fr', auth = home.auth) => t.app.inject({ method: 'GET', url: `/api/v1/places?q=${encodeURIComponent(q)}&language=${language}`, headers: auth });

  it('asks the provider in the person’s language and answers the places with their area and zone', async () => {
    stub.reply(stub.json(fixture('open-meteo-geocoding-paris.json')));
    const res = await search('Paris');
    expect(res.statusCode).toBe(200);
    expect(res.json().places).toEqual([
      { name: 'Paris', area: 'Île-de-France, France', latitude: 48.85341, longitude: 2.3488, timezone: 'Europe/Paris' },
      { name: 'Paris', area: 'Texas, États-Unis', latitude: 33.66094, longitude: -95.55551, timezone: 'America/Chicago' },
    ]);
    const asked = stub.requests('/v1/search').at(-1)!;
    expect(asked.query.get('name')).toBe('Paris');
    expect(asked.query.get('language')).toBe('fr');
  });

  it('an unknown city is an empty list; a provider down is a 503 GEOCODING_UNAVAILABLE in the household’s language', async () => {
    stub.reply(stub.json('{"generationtime_ms":0.2}'));
    expect((await search('Zzyzx')).json()).toEqual({ places: [] });
    stub.reply({ status: 502, body: 'bad gateway' });
    const down = await search('Lyon');
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ code: 'GEOCODING_UNAVAILABLE', message: expect.stringMatching(/coordonnées/) });
  });

  it('validates the query and needs a person’s token', async () => {
    expect((await search('P')).statusCode).toBe(400);
    expect((await search('Paris', 'de')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/places?q=Paris' })).statusCode).toBe(401);
  });
});
