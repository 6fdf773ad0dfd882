import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { launchRequest, SKILL_ID } from './helpers/alexa-envelopes';
import { askGoogle, googleText } from './helpers/dialogflow';
import { askAlexa, linkAlexaUser, pairingCode, spoken } from './helpers/skill-app';

describeEachStore('voice links: listed, unlinked, their tokens revoked', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      store: kind,
      env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false', GOOGLE_WEBHOOK_USER: 'dialogflow', GOOGLE_WEBHOOK_PASSWORD: 's3cret-hook' },
    });
  });
  afterAll(async () => t.close());

  const links = async (auth: { authorization: string }) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/voice-links', headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json<{ links: { platform: string; accounts: number; tokens: number; since: string }[] }>().links;
  };
  const alexaHears = async (userId: string) => spoken(await askAlexa(t, launchRequest({ userId, timestamp: t.clock.now().toISOString() })));

  it('lists each platform, unlinks one with everything it left, and leaves the other and the neighbours alone', async () => {
    const home = await t.household('Linked', 'en-US');
    const neighbour = await t.household('Neighbour', 'en-US');
    await linkAlexaUser(t, home.auth, { userId: 'amzn1.ask.account.ONE' });
    await linkAlexaUser(t, home.auth, { userId: 'amzn1.ask.account.TWO' });
    await linkAlexaUser(t, neighbour.auth, { userId: 'amzn1.ask.account.NEXT' });
    const code = await pairingCode(t, home.auth);
    const google = await askGoogle(t, { intent: 'LinkDevice', queryText: code, locale: 'en-US', parameters: { code: Number(code) } });
    const storage = google.body.payload!.google!.userStorage!;
    const googleAsks = async () => googleText((await askGoogle(t, { intent: 'Default Welcome Intent', queryText: 'GOOGLE_ASSISTANT_WELCOME', locale: 'en-US', userStorage: storage })).body);
    expect(await googleAsks()).not.toMatch(/not linked/i);

    expect((await links(home.auth)).map(({ since: _s, ...l }) => l)).toEqual([
      { platform: 'alexa', accounts: 2, tokens: 0 },
      { platform: 'google', accounts: 0, tokens: 1 },
    ]);
    // The mirror shows a new link but cannot list or undo them.
    const display = `Bearer ${await t.app.households.tokens.issue(home.id, 'display', null, 'mirror')}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/voice-links', headers: { authorization: display } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/voice-links/alexa', headers: { authorization: display } })).statusCode).toBe(403);
    // A neighbour unlinking "alexa" unlinks its own, never this home's.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/voice-links/alexa', headers: neighbour.auth })).statusCode).toBe(204);
    expect(await alexaHears('amzn1.ask.account.ONE')).not.toContain('not linked');
    expect(await alexaHears('amzn1.ask.account.NEXT')).toContain('not linked');

    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/voice-links/alexa', headers: home.auth })).statusCode).toBe(204);
    expect(await alexaHears('amzn1.ask.account.ONE')).toContain('not linked');
    expect(await alexaHears('amzn1.ask.account.TWO')).toContain('not linked');
    expect(await googleAsks()).not.toMatch(/not linked/i);

    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/voice-links/google', headers: home.auth })).statusCode).toBe(204);
    // The link token Google kept no longer speaks for the home.
    const left = await t.app.store.db.selectFrom('tokens').select('revoked_at').where('household_id', '=', home.id).where('scope', '=', 'link').execute();
    expect(left.every((r) => r.revoked_at !== null)).toBe(true);
    expect(await googleAsks()).toMatch(/not linked/i);
    expect(await links(home.auth)).toEqual([]);
    const again = await t.app.inject({ method: 'DELETE', url: '/api/v1/voice-links/google', headers: home.auth });
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/voice-links/siri', headers: home.auth })).statusCode).toBe(400);
  });
});
