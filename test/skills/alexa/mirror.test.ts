import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { SKILL_ID, intentRequest, type EnvelopeOptions } from '../helpers/alexa-envelopes';
import { askAlexa, linkAlexaUser, spoken } from '../helpers/skill-app';

/** "Alexa, ask Miroir to turn off the mirror": the same override as Google's OnOff and the app's switch. */
describe('POST /alexa: the mirror on and off by voice', () => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  const USER = 'amzn1.ask.account.MIRROR';
  const opts = (extra: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: t.clock.now().toISOString(), userId: USER, locale: 'fr-FR', ...extra });

  beforeAll(async () => {
    // 08:00 in Paris, a Monday; the default night hours are 23:00–06:30.
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' }, now: '2026-11-30T07:00:00Z' });
    home = await t.household('Maison Martin', 'fr-FR');
    await linkAlexaUser(t, home.auth, { userId: USER });
  });
  afterAll(async () => t.close());

  it('turns the mirror off until the end of the night hours and says until when', async () => {
    const off = await askAlexa(t, intentRequest(opts(), 'MirrorNight'));
    expect(spoken(off)).toBe('Le miroir passe en mode nuit jusqu&apos;à mardi 06:30. Dis « allume le miroir » pour le réveiller.');
    expect(await t.app.mirrorPower.state(home.id)).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-01T05:30:00.000Z' } });
    const on = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'MirrorWake'));
    expect(spoken(on)).toBe('The mirror is awake.');
    expect(await t.app.mirrorPower.state(home.id)).toEqual({ awake: true, override: null });
  });

  it('wakes it inside the night hours until the next night', async () => {
    t.clock.set('2026-11-30T23:30:00Z');
    const on = await askAlexa(t, intentRequest(opts({ locale: 'en-GB' }), 'MirrorWake'));
    expect(spoken(on)).toBe('The mirror is awake until 23:00, then night mode as usual.');
    expect(await t.app.mirrorPower.state(home.id)).toEqual({ awake: true, override: { mode: 'awake', until: '2026-12-01T22:00:00.000Z' } });
  });
});
