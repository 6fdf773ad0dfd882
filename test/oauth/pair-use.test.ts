import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { SKILL_ID, launchRequest } from '@test/skills/helpers/alexa-envelopes';
import { askAlexa, pairingCode, spoken } from '@test/skills/helpers/skill-app';
import { OAUTH_ENV, PlatformStub } from './helpers/platform';

/**
 * Using a refreshed pair retires the refresh token it replaced once: later voice requests with it
 * write nothing and leave the household's auth cache (and its peers') alone.
 */
describe('account linking: a used pair costs no write per request', () => {
  let t: TestApp;
  afterAll(async () => t.close());

  it('retires the old refresh token on the first use only; last use noted at most each quarter hour', async () => {
    t = await buildTestApp({ env: { ...OAUTH_ENV, ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    const home = await t.household('Maison Martin', 'fr-FR');
    const alexa = PlatformStub.alexa(t);
    const first = await alexa.link(await pairingCode(t, home.auth));
    const refreshed = await alexa.refresh(first.refresh_token);
    const turn = () => askAlexa(t, launchRequest({ timestamp: t.clock.now().toISOString(), userId: 'amzn1.ask.account.PAIR', accessToken: refreshed.body.access_token! }));
    const invalidate = jest.spyOn(t.app.households.tokens, 'invalidate');
    const lastUsed = async () => (await t.app.store.db.selectFrom('oauth_grants').select('last_used_at').executeTakeFirstOrThrow()).last_used_at;

    expect(spoken(await turn())).not.toContain('not linked');
    // The first use retires the old pair: its access token leaves the cache.
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect((await alexa.refresh(first.refresh_token)).body.error).toBe('invalid_grant');
    const noted = await lastUsed();

    invalidate.mockClear();
    t.clock.advance(60_000);
    for (let i = 0; i < 3; i++) expect(spoken(await turn())).not.toContain('not linked');
    expect(invalidate).not.toHaveBeenCalled();
    expect(await lastUsed()).toBe(noted);

    t.clock.advance(15 * 60_000);
    await turn();
    expect(invalidate).not.toHaveBeenCalled();
    expect(await lastUsed()).toBe(t.clock.now().toISOString());
  });
});
