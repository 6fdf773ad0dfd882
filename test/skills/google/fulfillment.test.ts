import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import type { StubProvider } from '@test/weather/stub-server';
import { demoHome, startWeatherStub, type DemoHome } from '../helpers/demo-home';
import { askGoogle, BASIC, carry, googleText, type GoogleTurn } from '../helpers/dialogflow';
import { pairingCode, plain } from '../helpers/skill-app';

/** POST /google: Dialogflow v2 requests from Actions on Google, through the real app. */
describe('POST /google', () => {
  let t: TestApp;
  let stub: StubProvider;
  let home: DemoHome;
  let storage: string;

  beforeAll(async () => {
    stub = await startWeatherStub();
    t = await buildTestApp({ env: { GOOGLE_WEBHOOK_USER: 'dialogflow', GOOGLE_WEBHOOK_PASSWORD: 's3cret-hook', OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await demoHome(t, 'fr-FR');
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const turn = (over: Partial<GoogleTurn> & Pick<GoogleTurn, 'intent'>): GoogleTurn => ({ queryText: over.intent, locale: 'fr-FR', userStorage: storage, ...over });

  it('refuses a missing or wrong password with 401 and runs nothing', async () => {
    const code = await pairingCode(t, home.auth);
    const linkTurn = turn({ intent: 'LinkDevice', parameters: { code: Number(code) }, userStorage: undefined });
    expect((await askGoogle(t, linkTurn, {})).status).toBe(401);
    const wrong = { authorization: `Basic ${Buffer.from('dialogflow:guess').toString('base64')}` };
    expect((await askGoogle(t, linkTurn, wrong)).status).toBe(401);
    expect((await askGoogle(t, linkTurn, { authorization: 'Bearer s3cret-hook' })).status).toBe(401);
    // The code was not consumed: nothing ran.
    const ok = await askGoogle(t, linkTurn);
    expect(ok.status).toBe(200);
    expect(googleText(ok.body)).toContain('associé à ton foyer');
    storage = ok.body.payload!.google!.userStorage!;
    expect(JSON.parse(storage).data.linkToken).toMatch(/^ml_/);
  });

  it('welcomes a linked user, in French and in English', async () => {
    const fr = await askGoogle(t, turn({ intent: 'Default Welcome Intent', queryText: 'GOOGLE_ASSISTANT_WELCOME' }));
    expect(googleText(fr.body)).toMatch(/^(Bonjour|Salut) !/);
    expect(fr.body.payload?.google?.expectUserResponse).toBe(true);
    const en = await askGoogle(t, turn({ intent: 'Default Welcome Intent', queryText: 'GOOGLE_ASSISTANT_WELCOME', locale: 'en-US' }));
    expect(googleText(en.body)).toMatch(/^(Hello|Hi)!/);
    const stranger = await askGoogle(t, turn({ intent: 'Default Welcome Intent', queryText: 'GOOGLE_ASSISTANT_WELCOME', locale: 'en-US', userStorage: undefined }));
    expect(googleText(stranger.body)).toContain('not linked');
    const accessToken = await t.app.households.tokens.issue(home.id, 'link', 'google', 'account linking');
    const oauth = await askGoogle(t, turn({ intent: 'Default Welcome Intent', queryText: 'GOOGLE_ASSISTANT_WELCOME', locale: 'en-US', userStorage: undefined, accessToken }));
    expect(googleText(oauth.body)).toMatch(/^(Hello|Hi)!/);
  });

  it('suggests an outfit from an intent with parameters, with a card on a screen', async () => {
    const expected = await t.app.outfits.suggest(home.id, { profileId: home.profiles[0].id, date: '2026-12-01' });
    const reply = await askGoogle(t, turn({ intent: 'SuggestOutfit', queryText: 'que dois-je porter demain', parameters: { day: 'tomorrow', occasion: '' } }));
    expect(reply.status).toBe(200);
    expect(googleText(reply.body)).toMatch(/^Ma proposition pour demain : /);
    expect(googleText(reply.body)).toContain(plain(expected.outfits[0].explanation));
    const card = reply.body.payload?.google?.richResponse?.items.find((i) => i.basicCard)?.basicCard;
    expect(card?.title).toBe('Tenue pour demain');
    const en = await askGoogle(t, turn({ intent: 'NeedUmbrella', queryText: 'do I need an umbrella', locale: 'en-US', parameters: { day: '' } }));
    expect(googleText(en.body)).toMatch(/^Yes, take an umbrella today: rain is likely from 5:00\sPM/);
    expect(en.body.payload?.google?.expectUserResponse).toBe(false);
  });

  it('answers a fallback from the simulator', async () => {
    const fr = await askGoogle(t, turn({ intent: 'Default Fallback Intent', queryText: 'chante une chanson' }));
    expect(googleText(fr.body)).toBe("Désolé, je n'ai pas compris. Tu peux demander quoi porter, ou ce qui va manquer.");
    const en = await askGoogle(t, turn({ intent: 'Default Fallback Intent', queryText: 'sing a song', locale: 'en-GB' }));
    expect(googleText(en.body)).toContain('did not get that');
  });

  it('asks with the Confirmation helper before an order, and orders only on yes', async () => {
    const milk = await t.app.supplies.create(home.id, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    const ask = await askGoogle(t, turn({ intent: 'ReorderSupply', queryText: 'commande 3 lait', parameters: { supply: 'milk', quantity: 3 }, conversationId: 'conv-order-1' }));
    const google = ask.body.payload!.google!;
    expect(google.systemIntent?.intent).toBe('actions.intent.CONFIRMATION');
    expect(plain(JSON.stringify(google.systemIntent?.data))).toContain('3 × Lait demi-écrémé 1 L pour 3,45 €. Je commande ?');
    expect(await t.app.orders.list(home.id)).toHaveLength(0);

    const answer = (yes: boolean, contexts: object[], conversationId: string) =>
      askGoogle(t, turn({
        intent: 'actions_intent_CONFIRMATION',
        queryText: 'actions_intent_CONFIRMATION',
        contexts,
        conversationId,
        inputs: [{ intent: 'actions.intent.CONFIRMATION', rawInputs: [{ inputType: 'VOICE', query: yes ? 'oui' : 'non' }], arguments: [{ name: 'CONFIRMATION', boolValue: yes }] }],
      }));
    const no = await answer(false, carry(ask.body), 'conv-order-1');
    expect(googleText(no.body)).toBe("D'accord, je n'ai rien commandé.");
    expect(await t.app.orders.list(home.id)).toHaveLength(0);

    const again = await askGoogle(t, turn({ intent: 'ReorderSupply', queryText: 'commande 3 lait', parameters: { supply: 'milk', quantity: 3 }, conversationId: 'conv-order-2' }));
    const yes = await answer(true, carry(again.body), 'conv-order-2');
    expect(googleText(yes.body)).toContain('3 × Lait demi-écrémé 1 L pour 3,45 € est commandé');
    const placed = await t.app.orders.list(home.id);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ supplyId: milk.id, quantity: 3, channel: 'google' });

    // A yes with no question in the conversation's data orders nothing.
    const stray = await answer(true, [], 'conv-order-3');
    expect(googleText(stray.body)).toContain('pas compris');
    expect(await t.app.orders.list(home.id)).toHaveLength(1);
  });

  it('asks for the device location when the home has none, and uses it once granted', async () => {
    const created = await t.app.households.create({ name: 'Sans adresse', locale: 'fr-FR', timezone: 'Europe/Paris' });
    const code = await pairingCode(t, { authorization: `Bearer ${created.token}` });
    const linked = await askGoogle(t, turn({ intent: 'LinkDevice', parameters: { code: Number(code) }, userStorage: undefined, conversationId: 'conv-loc' }));
    const ownStorage = linked.body.payload!.google!.userStorage!;
    const ask = await askGoogle(t, turn({ intent: 'NeedUmbrella', queryText: 'va-t-il pleuvoir', parameters: { day: '' }, conversationId: 'conv-loc', userStorage: ownStorage }));
    expect(ask.body.payload?.google?.systemIntent?.intent).toBe('actions.intent.PERMISSION');
    expect(JSON.stringify(ask.body.payload?.google?.systemIntent?.data)).toContain('DEVICE_PRECISE_LOCATION');
    const granted = await askGoogle(t, turn({
      intent: 'actions_intent_PERMISSION',
      queryText: 'actions_intent_PERMISSION',
      conversationId: 'conv-loc',
      userStorage: ownStorage,
      contexts: carry(ask.body),
      inputs: [{ intent: 'actions.intent.PERMISSION', rawInputs: [{ inputType: 'VOICE', query: 'oui' }], arguments: [{ name: 'PERMISSION', boolValue: true, textValue: 'true' }] }],
      device: { location: { coordinates: { latitude: 48.8566, longitude: 2.3522 }, formattedAddress: 'Paris, France' } },
    }));
    expect(googleText(granted.body)).toMatch(/^Oui, prends un parapluie aujourd'hui : de la pluie est probable à partir de 17:00/);
    const after = await t.app.households.get(created.household.id);
    expect([after.latitude, after.longitude]).toEqual([48.8566, 2.3522]);
    expect(await t.app.consents.isGranted(created.household.id, 'location')).toBe(true);
  });
});

describe('POST /google without webhook credentials configured', () => {
  it('refuses every request with 503 and says why', async () => {
    const t = await buildTestApp();
    try {
      const res = await askGoogle(t, { intent: 'Default Welcome Intent', queryText: 'GOOGLE_ASSISTANT_WELCOME', locale: 'en-US' }, BASIC);
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).toContain('GOOGLE_WEBHOOK_USER');
    } finally {
      await t.close();
    }
  });
});
