import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { askGoogle, googleText, type GoogleTurn } from '../helpers/dialogflow';
import { pairingCode } from '../helpers/skill-app';

/** "Hey Google, ask Miroir to turn off the mirror": the core's intent, the one MirrorPowerService. */
describe('POST /google: the mirror on and off by voice', () => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let storage: string;
  const turn = (over: Partial<GoogleTurn> & Pick<GoogleTurn, 'intent'>): GoogleTurn => ({ queryText: over.intent, locale: 'fr-FR', userStorage: storage, ...over });

  beforeAll(async () => {
    // 08:00 in Paris, a Monday; the default night hours are 23:00–06:30.
    t = await buildTestApp({ env: { GOOGLE_WEBHOOK_USER: 'dialogflow', GOOGLE_WEBHOOK_PASSWORD: 's3cret-hook' }, now: '2026-11-30T07:00:00Z' });
    home = await t.household('Maison Martin', 'fr-FR');
    const linked = await askGoogle(t, turn({ intent: 'LinkDevice', parameters: { code: Number(await pairingCode(t, home.auth)) } }));
    storage = linked.body.payload!.google!.userStorage!;
  });
  afterAll(async () => t.close());

  it('turns the mirror off until the end of the night hours, then on again, announced as from Google', async () => {
    const events: { awake: boolean; channel: string }[] = [];
    const unsubscribe = t.app.events.subscribe((e) => {
      if (e.type === 'mirror.power' && e.householdId === home.id) events.push({ awake: (e.payload as { awake: boolean }).awake, channel: (e.payload as { channel: string }).channel });
    });
    const off = await askGoogle(t, turn({ intent: 'MirrorNight', queryText: 'éteins le miroir' }));
    expect(googleText(off.body)).toBe("Le miroir passe en mode nuit jusqu'à mardi 06:30. Dis « allume le miroir » pour le réveiller.");
    expect(await t.app.mirrorPower.state(home.id)).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-01T05:30:00.000Z' } });
    const on = await askGoogle(t, turn({ intent: 'MirrorWake', queryText: 'turn on the mirror', locale: 'en-US' }));
    expect(googleText(on.body)).toBe('The mirror is awake.');
    expect(await t.app.mirrorPower.state(home.id)).toEqual({ awake: true, override: null });
    unsubscribe();
    expect(events).toEqual([
      { awake: false, channel: 'google' },
      { awake: true, channel: 'google' },
    ]);
  });
});
