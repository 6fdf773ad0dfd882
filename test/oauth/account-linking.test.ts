import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { STORE_KINDS } from '@test/helpers/stores';
import { SKILL_ID, launchRequest } from '@test/skills/helpers/alexa-envelopes';
import { askAlexa, pairingCode, spoken } from '@test/skills/helpers/skill-app';
import { ALEXA, GOOGLE, OAUTH_ENV, PlatformStub } from './helpers/platform';

/**
 * The whole account link as Alexa and Google do it (consent page, code, token, refresh, a call with
 * the access token, revoke), on both stores, and what an outsider tries.
 */
describe.each(STORE_KINDS)('account linking over OAuth 2.0 (%s)', (kind) => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let other: Awaited<ReturnType<TestApp['household']>>;
  const alexaTurn = (accessToken: string | undefined, userId = 'amzn1.ask.account.LINKED') =>
    askAlexa(t, launchRequest({ timestamp: t.clock.now().toISOString(), userId, ...(accessToken ? { accessToken } : {}) }));

  beforeAll(async () => {
    t = await buildTestApp({ store: kind, env: { ...OAUTH_ENV, ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    home = await t.household('Maison Martin', 'fr-FR');
    other = await t.household('Other home', 'en-US');
  });
  afterAll(async () => t.close());
  // Pairing codes left unused by a test expire before the next (at most five live per home).
  beforeEach(() => t.clock.advance(11 * 60_000));

  it('links Alexa end to end: French consent page, code with PKCE, opaque tokens, a linked turn, refresh, revoke', async () => {
    const alexa = PlatformStub.alexa(t);
    const page = await t.app.inject({ method: 'GET', url: alexa.authorizeUrl(), headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('Associer Alexa à votre foyer Miroir');
    expect(page.body).toContain('passer une commande de réapprovisionnement');
    // Nothing from elsewhere, no script, no inline style; the form may go to Amazon only after posting here.
    expect(page.body).not.toMatch(/<script|style=|<link|https?:\/\/(?!pitangui)/);
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; form-action 'self' https://pitangui.amazon.com; frame-ancestors 'none'; base-uri 'none'");

    const code = await alexa.code(await pairingCode(t, home.auth));
    const pair = await alexa.link(await pairingCode(t, home.auth)).then((p) => p);
    const first = await alexa.exchange(code);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toMatchObject({ token_type: 'Bearer', scope: 'voice' });
    expect(first.body.expires_in).toBeGreaterThan(3590);
    // Opaque, not JWTs: no dots, Miroir's link prefix; stored only as hashes.
    expect(first.body.access_token).toMatch(/^ml_[A-Za-z0-9_-]{43}$/);
    expect(first.body.refresh_token).toMatch(/^mr_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(await t.app.store.db.selectFrom('oauth_refresh_tokens').selectAll().execute()) + JSON.stringify(await t.app.store.db.selectFrom('tokens').selectAll().execute()) + JSON.stringify(await t.app.store.db.selectFrom('oauth_codes').selectAll().execute());
    for (const secret of [first.body.access_token!, first.body.refresh_token!, code, pair.access_token]) expect(stored).not.toContain(secret);

    const hello = await alexaTurn(first.body.access_token);
    expect(spoken(hello)).toMatch(/Bonjour|Salut|Hello|Hi/);
    expect(spoken(hello)).not.toContain('not linked');

    const refreshed = await alexa.refresh(first.body.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(spoken(await alexaTurn(refreshed.body.access_token))).not.toContain('not linked');
    // The new pair was used: the old refresh token is spent, the old access token too.
    expect((await alexa.refresh(first.body.refresh_token!)).body.error).toBe('invalid_grant');
    expect(spoken(await alexaTurn(first.body.access_token, 'amzn1.ask.account.OLD'))).toContain('not linked');

    const links = await t.app.inject({ method: 'GET', url: '/api/v1/links', headers: home.auth });
    expect((links.json() as { links: { platform: string; clientId: string }[] }).links).toEqual(expect.arrayContaining([expect.objectContaining({ platform: 'alexa', clientId: ALEXA.clientId })]));

    const revoked = await alexa.revoke(refreshed.body.refresh_token!);
    expect(revoked.status).toBe(200);
    const after = await alexaTurn(refreshed.body.access_token, 'amzn1.ask.account.REVOKED');
    expect(spoken(after)).toContain('not linked');
    // With account linking on, Alexa's app is asked to offer the link.
    expect(after.response.card?.type).toBe('LinkAccount');
    expect((await alexa.refresh(refreshed.body.refresh_token!)).body.error).toBe('invalid_grant');
    // The other pair, from another consent, is a separate link and still works.
    expect(spoken(await alexaTurn(pair.access_token, 'amzn1.ask.account.SECOND'))).not.toContain('not linked');
  });

  it('links Google with credentials in the form body and no PKCE; the link is listed and ended from the API', async () => {
    const google = PlatformStub.google(t);
    const page = await t.app.inject({ method: 'GET', url: google.authorizeUrl(), headers: { 'accept-language': 'en-GB' } });
    expect(page.body).toContain('Link Google Home to your Miroir home');
    expect(page.body).toContain('switch the mirror between awake and night mode');
    const pair = await google.link(await pairingCode(t, other.auth));
    expect(pair.access_token).toMatch(/^ml_/);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/links', headers: other.auth })).json() as { links: { id: string; platform: string }[] };
    expect(listed.links).toEqual([expect.objectContaining({ platform: 'google', clientId: GOOGLE.clientId })]);
    // Another household neither sees nor ends it.
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/links', headers: home.auth })).json() as { links: { id: string }[] };
    expect(mine.links.map((l) => l.id)).not.toContain(listed.links[0].id);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/links/${listed.links[0].id}`, headers: home.auth })).statusCode).toBe(404);
    // A Google link's token does not speak on Alexa.
    expect(spoken(await alexaTurn(pair.access_token, 'amzn1.ask.account.CROSS'))).toContain('not linked');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/links/${listed.links[0].id}`, headers: other.auth })).statusCode).toBe(204);
    expect((await google.refresh(pair.refresh_token)).body.error).toBe('invalid_grant');
    expect(((await t.app.inject({ method: 'GET', url: '/api/v1/links', headers: other.auth })).json() as { links: unknown[] }).links).toEqual([]);
  });

  it('never strands a client whose refresh response was lost: the old refresh token works until the new pair is used', async () => {
    const alexa = PlatformStub.alexa(t, 'layla.amazon.com');
    const pair = await alexa.link(await pairingCode(t, home.auth));
    const lost = await alexa.refresh(pair.refresh_token);
    expect(lost.status).toBe(200);
    // The response never reached Amazon: it retries with the token it still has.
    const retry = await alexa.refresh(pair.refresh_token);
    expect(retry.status).toBe(200);
    // The pair nobody received is withdrawn; the retried one works.
    expect(spoken(await alexaTurn(lost.body.access_token, 'amzn1.ask.account.LOST'))).toContain('not linked');
    expect((await alexa.refresh(lost.body.refresh_token!)).body.error).toBe('invalid_grant');
    expect(spoken(await alexaTurn(retry.body.access_token, 'amzn1.ask.account.RETRY'))).not.toContain('not linked');
    expect((await alexa.refresh(pair.refresh_token)).body.error).toBe('invalid_grant');
    const next = await alexa.refresh(retry.body.refresh_token!);
    expect(next.status).toBe(200);
  });

  it('refuses an outsider: wrong or look-alike redirect URIs, unknown client, a wrong pairing code, plain PKCE', async () => {
    const alexa = PlatformStub.alexa(t);
    const v = ALEXA.vendorId;
    // One code for every wrong redirect: none of them may spend it.
    const unspent = await pairingCode(t, home.auth);
    for (const redirect of [
      `https://pitangui.amazon.com/api/skill/link/${v}/`,
      `https://pitangui.amazon.com/api/skill/link/${v}x`,
      `http://pitangui.amazon.com/api/skill/link/${v}`,
      `https://pitangui.amazon.com.evil.example/api/skill/link/${v}`,
      `https://oauth-redirect.googleusercontent.com/r/${GOOGLE.projectId}`,
      'https://evil.example/callback',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: alexa.authorizeUrl({ redirect_uri: redirect }) });
      expect([res.statusCode, res.headers.location]).toEqual([400, undefined]);
      expect(res.body).toContain('This link request is not valid');
      const posted = await alexa.consent(unspent, { redirect_uri: redirect });
      expect([posted.status, posted.location]).toEqual([400, null]);
    }
    const unknown = await t.app.inject({ method: 'GET', url: alexa.authorizeUrl({ client_id: 'someone-else' }) });
    expect([unknown.statusCode, unknown.headers.location]).toEqual([400, undefined]);

    expect(await alexa.code(unspent)).toBeTruthy();
    const wrong = await alexa.consent('000000');
    expect(wrong.status).toBe(400);
    expect(wrong.location).toBeNull();
    expect(wrong.body).toContain('not valid or has expired');

    const plain = await t.app.inject({ method: 'GET', url: alexa.authorizeUrl({ code_challenge_method: 'plain', code_challenge: alexa.verifier }) });
    const to = new URL(String(plain.headers.location));
    expect([plain.statusCode, to.searchParams.get('error'), to.searchParams.get('state')]).toEqual([302, 'invalid_request', alexa.state]);
    const noState = await t.app.inject({ method: 'GET', url: alexa.authorizeUrl({ state: undefined }) });
    expect(new URL(String(noState.headers.location)).searchParams.get('error')).toBe('invalid_request');
    const implicit = await t.app.inject({ method: 'GET', url: alexa.authorizeUrl({ response_type: 'token' }) });
    expect(new URL(String(implicit.headers.location)).searchParams.get('error')).toBe('unsupported_response_type');

    const declined = await t.app.inject({
      method: 'POST',
      url: '/oauth/authorize',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...alexa.authorizeQuery(), decision: 'deny' }).toString(),
    });
    expect(new URL(String(declined.headers.location)).searchParams.get('error')).toBe('access_denied');
    expect(await t.app.store.db.selectFrom('oauth_grants').select('id').where('household_id', '=', home.id).where('client_id', '=', 'someone-else').execute()).toEqual([]);
  });

  it('refuses a reused code (and withdraws what it gave), a wrong verifier, another client, a wrong secret, bad forms', async () => {
    const alexa = PlatformStub.alexa(t);
    const code = await alexa.code(await pairingCode(t, home.auth));
    const first = await alexa.exchange(code);
    expect(first.status).toBe(200);
    const again = await alexa.exchange(code);
    expect([again.status, again.body.error]).toEqual([400, 'invalid_grant']);
    expect(spoken(await alexaTurn(first.body.access_token, 'amzn1.ask.account.REPLAY'))).toContain('not linked');
    expect((await alexa.refresh(first.body.refresh_token!)).body.error).toBe('invalid_grant');

    const badVerifier = await alexa.exchange(await alexa.code(await pairingCode(t, home.auth)), { code_verifier: 'x'.repeat(43) });
    expect([badVerifier.status, badVerifier.body.error]).toEqual([400, 'invalid_grant']);
    const noVerifier = await alexa.post('/oauth/token', { grant_type: 'authorization_code', code: await alexa.code(await pairingCode(t, home.auth)), redirect_uri: alexa.settings.redirectUri });
    expect(noVerifier.body.error).toBe('invalid_grant');

    // Google's client presenting a code issued to Alexa's.
    const google = PlatformStub.google(t);
    const stolen = await google.exchange(await alexa.code(await pairingCode(t, home.auth)));
    expect([stolen.status, stolen.body.error]).toEqual([400, 'invalid_grant']);

    const wrongSecret = await alexa.exchange(await alexa.code(await pairingCode(t, home.auth)), {}, { secret: 'alexa-secret-0123456789abcdeX' });
    expect([wrongSecret.status, wrongSecret.body.error]).toEqual([401, 'invalid_client']);
    expect(wrongSecret.headers['www-authenticate']).toBeDefined();
    const wrongRedirect = await alexa.exchange(await alexa.code(await pairingCode(t, home.auth)), { redirect_uri: `https://layla.amazon.com/api/skill/link/${ALEXA.vendorId}` });
    expect(wrongRedirect.body.error).toBe('invalid_request');

    expect((await alexa.post('/oauth/token', { grant_type: 'urn:example:magic' })).body.error).toBe('unsupported_grant_type');
    expect((await alexa.post('/oauth/token', { grant_type: 'password', username: 'a', password: 'b' })).body.error).toBe('unauthorized_client');
    expect((await alexa.post('/oauth/token', { grant_type: 'authorization_code' })).body.error).toBe('invalid_request');
    const json = await alexa.post('/oauth/token', {}, { contentType: 'application/json', raw: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'mr_x' }) });
    expect([json.status, json.body.error]).toEqual([415, 'invalid_request']);
    const twice = await alexa.post('/oauth/token', {}, { raw: 'grant_type=refresh_token&refresh_token=a&refresh_token=b' });
    expect([twice.status, twice.body.error]).toEqual([400, 'invalid_request']);
    const text = await alexa.post('/oauth/token', {}, { contentType: 'text/plain', raw: 'grant_type=refresh_token' });
    expect([text.status, text.body.error]).toEqual([415, 'invalid_request']);
    expect((await alexa.refresh('mr_forged')).body.error).toBe('invalid_grant');
    expect((await alexa.post('/oauth/revoke', { token: 'anything' }, { secret: 'nope-nope-nope-nope' })).status).toBe(401);
    // RFC 7009: an unknown token is revoked successfully (nothing to learn from the answer).
    expect((await alexa.revoke('ml_unknown')).status).toBe(200);
  });

  it('links a person signed in with an app token, and never with a display token', async () => {
    const alexa = PlatformStub.alexa(t);
    const form = new URLSearchParams({ ...alexa.authorizeQuery(), decision: 'allow' }).toString();
    const asApp = await t.app.inject({ method: 'POST', url: '/oauth/authorize', headers: { ...home.auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(new URL(String(asApp.headers.location)).searchParams.get('code')).toBeTruthy();
    const display = await t.app.households.tokens.issue(home.id, 'display', null, 'mirror');
    const asMirror = await t.app.inject({ method: 'POST', url: '/oauth/authorize', headers: { authorization: `Bearer ${display}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect([asMirror.statusCode, asMirror.headers.location]).toEqual([400, undefined]);
  });
});

describe('account linking: expiry on the real clock', () => {
  let t: TestApp;
  afterAll(async () => t.close());

  it('refuses an access token past its lifetime', async () => {
    t = await buildTestApp({ env: { ...OAUTH_ENV, OAUTH_ACCESS_TOKEN_TTL_SECONDS: '2', OAUTH_AUTHORIZE_PER_MINUTE: '4', ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    const home = await t.household('Short lived', 'en-US');
    const alexa = PlatformStub.alexa(t);
    const pair = await alexa.link(await pairingCode(t, home.auth));
    // Whole seconds left of the 2 s lifetime: 2 when the answer left within the millisecond it was made.
    expect(pair.expires_in).toBeGreaterThanOrEqual(1);
    expect(pair.expires_in).toBeLessThanOrEqual(2);
    const turn = (token: string) => askAlexa(t, launchRequest({ timestamp: t.clock.now().toISOString(), userId: 'amzn1.ask.account.EXP', accessToken: token }));
    expect(spoken(await turn(pair.access_token))).not.toContain('not linked');
    await new Promise((r) => setTimeout(r, 2100));
    expect(spoken(await turn(pair.access_token))).toContain('not linked');
    // The refresh token still works: that is what it is for.
    const fresh = await alexa.refresh(pair.refresh_token);
    expect(fresh.status).toBe(200);
    expect(spoken(await turn(fresh.body.access_token!))).not.toContain('not linked');
  });

  it('limits consent posts per address, so pairing codes cannot be guessed through the page', async () => {
    const alexa = PlatformStub.alexa(t);
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push((await alexa.consent(String(100000 + i))).status);
    // The first test spent one post of this minute's four.
    expect(tries).toEqual([400, 400, 400, 429, 429]);
  });
});
