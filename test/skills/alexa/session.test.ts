import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { SKILL_ID, intentRequest, launchRequest, sessionEndedRequest, unknownRequest, type EnvelopeOptions } from '../helpers/alexa-envelopes';
import { askAlexa, linkAlexaUser, pairingCode, spoken } from '../helpers/skill-app';

/** Launch, linking, help, stop, fallback and the request types that carry no intent. */
describe('POST /alexa: sessions and linking', () => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  const opts = (extra: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: t.clock.now().toISOString(), ...extra });

  beforeAll(async () => {
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    home = await t.household('Maison Martin', 'fr-FR');
  });
  afterAll(async () => t.close());

  it('tells an unlinked device how to link, in English and in French', async () => {
    const en = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.NEW1' })));
    expect(spoken(en)).toContain('not linked to a Miroir home');
    expect(en.response.shouldEndSession).toBe(false);
    expect(en.response.card?.title).toBe('Link Miroir');
    const fr = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.NEW1', locale: 'fr-CA' })));
    expect(spoken(fr)).toContain("n&apos;est pas encore associé");
  });

  it('issues a six-digit pairing code valid ten minutes, only to the household token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/pairing/code', headers: home.auth });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { code: string; expiresAt: string };
    expect(body.code).toMatch(/^[1-9]\d{5}$/);
    expect(Date.parse(body.expiresAt) - t.clock.now().getTime()).toBe(600_000);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/pairing/code' })).statusCode).toBe(401);
    const stored = await t.app.store.db.selectFrom('pairing_codes').select('code_hash').execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(body.code);
  });

  it('links a device by the code said aloud, once; a second use or a wrong code is refused', async () => {
    const code = await pairingCode(t, home.auth);
    const heard: unknown[] = [];
    const unsubscribe = t.app.events.subscribeHousehold(home.id, (event) => heard.push(event));
    const linked = await askAlexa(t, intentRequest(opts({ userId: 'amzn1.ask.account.ANNA', locale: 'fr-FR' }), 'LinkDevice', { code: { value: code } }));
    unsubscribe();
    expect(spoken(linked)).toContain('associé à ton foyer');
    // The mirror that showed the code is told, so it can put the code away.
    expect(heard).toContainEqual(expect.objectContaining({ type: 'pairing.completed', householdId: home.id, payload: { platform: 'alexa' } }));
    const welcome = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.ANNA', locale: 'fr-FR' })));
    expect(spoken(welcome)).toMatch(/Bonjour|Salut/);
    const reused = await askAlexa(t, intentRequest(opts({ userId: 'amzn1.ask.account.EVE' }), 'LinkDevice', { code: { value: code } }));
    expect(spoken(reused)).toContain('not valid or has expired');
    expect(reused.response.directives?.[0]).toMatchObject({ type: 'Dialog.ElicitSlot', slotToElicit: 'code' });
    const eve = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.EVE' })));
    expect(spoken(eve)).toContain('not linked');
  });

  it('stops a device guessing codes after five wrong ones, for ten minutes', async () => {
    const o = opts({ userId: 'amzn1.ask.account.GUESSER' });
    for (let i = 0; i < 5; i++) {
      const wrong = await askAlexa(t, intentRequest({ ...o, timestamp: t.clock.now().toISOString() }, 'LinkDevice', { code: { value: String(100000 + i) } }));
      expect(spoken(wrong)).toContain('not valid');
    }
    const code = await pairingCode(t, home.auth);
    const blocked = await askAlexa(t, intentRequest({ ...o, timestamp: t.clock.now().toISOString() }, 'LinkDevice', { code: { value: code } }));
    expect(spoken(blocked)).toContain('Too many wrong codes');
    expect(blocked.response.shouldEndSession).toBe(true);
    t.clock.advance(10 * 60_000);
    const fresh = await pairingCode(t, home.auth);
    const linked = await askAlexa(t, intentRequest(opts({ userId: 'amzn1.ask.account.GUESSER' }), 'LinkDevice', { code: { value: fresh } }));
    expect(spoken(linked)).toContain('linked to your Miroir home');
  });

  it('refuses an expired code', async () => {
    const code = await pairingCode(t, home.auth);
    t.clock.advance(10 * 60_000 + 1);
    const late = await askAlexa(t, intentRequest(opts({ userId: 'amzn1.ask.account.LATE' }), 'LinkDevice', { code: { value: code } }));
    expect(spoken(late)).toContain('expired');
  });

  it('accepts an OAuth account-linking token of link scope', async () => {
    const token = await t.app.households.tokens.issue(home.id, 'link', 'alexa', 'account linking');
    const reply = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.OAUTH', accessToken: token })));
    expect(spoken(reply)).toMatch(/Hello|Hi!/);
    const forged = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.OAUTH2', accessToken: 'ml_forged' })));
    expect(spoken(forged)).toContain('not linked');
  });

  it('asks for the code through dialog delegation when it is missing', async () => {
    const reply = await askAlexa(t, intentRequest(opts(), 'LinkDevice', { code: {} }, { dialogState: 'STARTED' }));
    expect(reply.response.directives?.[0].type).toBe('Dialog.Delegate');
    expect(reply.response.outputSpeech).toBeUndefined();
  });

  it('answers help, stop, cancel and fallback, and an intent the model does not know as a fallback', async () => {
    await linkAlexaUser(t, home.auth, { userId: 'amzn1.ask.account.BOB' });
    const o = opts({ userId: 'amzn1.ask.account.BOB' });
    const help = await askAlexa(t, intentRequest(o, 'AMAZON.HelpIntent'));
    expect(spoken(help)).toContain('suggest an outfit');
    expect(help.response.shouldEndSession).toBe(false);
    const stop = await askAlexa(t, intentRequest({ ...o, locale: 'fr-FR' }, 'AMAZON.StopIntent'));
    expect(spoken(stop)).toMatch(/Au revoir|À plus tard/);
    expect(stop.response.shouldEndSession).toBe(true);
    expect(spoken(await askAlexa(t, intentRequest(o, 'AMAZON.CancelIntent')))).toMatch(/Goodbye|See you/);
    expect(spoken(await askAlexa(t, intentRequest(o, 'AMAZON.FallbackIntent')))).toContain('did not get that');
    expect(spoken(await askAlexa(t, intentRequest(o, 'SomethingRetiredIntent')))).toContain('did not get that');
  });

  it('ends a session silently and forgets a question left unanswered', async () => {
    const ended = await askAlexa(t, sessionEndedRequest(opts({ userId: 'amzn1.ask.account.BOB' })));
    expect(ended.response.outputSpeech).toBeUndefined();
  });

  it('answers an unknown request type with an empty response', async () => {
    const reply = await askAlexa(t, unknownRequest(opts({ userId: 'amzn1.ask.account.BOB' })));
    expect(reply.version).toBe('1.0');
    expect(reply.response.outputSpeech).toBeUndefined();
  });

  it('serves a session with a null user without storing anything', async () => {
    const before = await t.app.store.db.selectFrom('skill_states').select('user_hash').execute();
    const reply = await askAlexa(t, launchRequest(opts({ userId: null })));
    expect(spoken(reply)).toContain('not linked');
    const after = await t.app.store.db.selectFrom('skill_states').select('user_hash').execute();
    expect(after.length).toBe(before.length);
  });

  it('refuses a body that is not an Alexa envelope', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/alexa', payload: { hello: 'world' } });
    expect(res.statusCode).toBe(400);
    const broken = await t.app.inject({ method: 'POST', url: '/alexa', payload: '{"version":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
  });

  it('forgets the household link and state when the household is deleted', async () => {
    const other = await t.household('Gone', 'en-US');
    await linkAlexaUser(t, other.auth, { userId: 'amzn1.ask.account.GONE' });
    await t.app.store.db.deleteFrom('households').where('id', '=', other.id).execute();
    const reply = await askAlexa(t, launchRequest(opts({ userId: 'amzn1.ask.account.GONE' })));
    expect(spoken(reply)).toContain('not linked');
  });
});
