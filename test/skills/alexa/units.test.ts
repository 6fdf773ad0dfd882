import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import type { StubProvider } from '@test/weather/stub-server';
import { SKILL_ID, intentRequest, type EnvelopeOptions } from '../helpers/alexa-envelopes';
import { demoHome, startWeatherStub, type DemoHome } from '../helpers/demo-home';
import { askAlexa, linkAlexaUser, spoken } from '../helpers/skill-app';

/** Voice replies speak the household's chosen units, whatever the Echo's locale. */
describe('POST /alexa: the household’s units', () => {
  let t: TestApp;
  let stub: StubProvider;
  let home: DemoHome;
  const USER = 'amzn1.ask.account.UNITS';
  const opts = (extra: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: t.clock.now().toISOString(), userId: USER, locale: 'fr-FR', ...extra });

  beforeAll(async () => {
    stub = await startWeatherStub();
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false', OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await demoHome(t, 'fr-FR');
    await linkAlexaUser(t, home.auth, { userId: USER });
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const degrees = async () => {
    const text = spoken(await askAlexa(t, intentRequest(opts(), 'NeedCoat', { day: {} })));
    const m = /ressenti de (-?\d+) à (-?\d+) degrés/.exec(text);
    if (!m) throw new Error(`no degrees in: ${text}`);
    return [Number(m[1]), Number(m[2])];
  };

  it('says the coat question’s temperatures in °F once the household chose imperial, and in °C again after', async () => {
    const celsius = await degrees();
    const patch = (units: string) => t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home.auth, payload: { units } });
    expect((await patch('imperial')).statusCode).toBe(200);
    const fahrenheit = await degrees();
    // Rounded twice (°C spoken, °F spoken): within a degree of the conversion.
    fahrenheit.forEach((f, i) => expect(Math.abs(f - (celsius[i] * 9) / 5 - 32)).toBeLessThanOrEqual(1.8));
    expect(fahrenheit[0]).toBeGreaterThan(celsius[0]);
    await patch('metric');
    expect(await degrees()).toEqual(celsius);
  });
});
