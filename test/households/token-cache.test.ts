import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { OAUTH_ENV, PlatformStub } from '@test/oauth/helpers/platform';
import { eraseWithConfirmation } from '@test/privacy/erase-steps';
import { pairingCode } from '@test/skills/helpers/skill-app';
import { createDevice, createSupply, postTelemetry } from '@test/supplies/fixtures';

type Household = Awaited<ReturnType<TestApp['household']>>;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The token-lookup cache: every path that revokes, rotates, expires or deletes a token, or changes
 * what its AuthContext carries, is seen by the very next request, on both stores. Each test first
 * makes the token's context cached (and checks it is), so a path that forgot to invalidate fails.
 */
describeEachStore('token cache: revocation takes effect at once', (kind) => {
  let t: TestApp;
  let home: Household;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind, env: OAUTH_ENV });
    home = await t.household('Cached home', 'en-US');
    // On PostgreSQL the cache works only while the fleet's LISTEN connection is up.
    await waitFor(() => t.app.households.tokens.cache.active);
  });
  afterAll(async () => t.close());
  beforeEach(() => t.clock.advance(11 * 60_000));

  const cache = () => t.app.households.tokens.cache;
  const read = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(token) });
  const mint = async (scope: string, label: string): Promise<{ id: string; token: string }> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: home.auth, payload: { scope, label } });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  /** Reads twice: the second answer comes from the cache, which must hold the token now. */
  const warm = async (token: string) => {
    expect((await read(token)).statusCode).toBe(200);
    const before = cache().size;
    expect((await read(token)).statusCode).toBe(200);
    expect(cache().size).toBe(before);
    expect(cache().size).toBeGreaterThan(0);
  };

  it('answers a second request from the cache; a write that does not invalidate is not seen, which is why every writer must', async () => {
    const phone = await mint('app', 'cache phone');
    await warm(phone.token);
    // Behind the service's back (what a forgotten writer would do): the cached context still answers...
    await t.app.store.db.updateTable('tokens').set({ revoked_at: t.clock.now().toISOString() }).where('id', '=', phone.id).execute();
    expect((await read(phone.token)).statusCode).toBe(200);
    // ...until the household's contexts are invalidated.
    await t.app.households.tokens.invalidate(t.app.store.db, home.id);
    expect((await read(phone.token)).statusCode).toBe(401);
    // An unknown token is never kept: it reaches the store each time.
    const sizeBefore = cache().size;
    expect((await read('ma_unknown_token_value')).statusCode).toBe(401);
    expect(cache().size).toBe(sizeBefore);
  });

  it('DELETE /api/v1/tokens/:id: the very next request with it is 401', async () => {
    const phone = await mint('app', 'revoked phone');
    await warm(phone.token);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${phone.id}`, headers: home.auth })).statusCode).toBe(204);
    expect((await read(phone.token)).statusCode).toBe(401);
  });

  it('rotate: the old secret is 401 at once, the new one works', async () => {
    const mirror = await mint('display', 'rotated mirror');
    await warm(mirror.token);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tokens/${mirror.id}/rotate`, headers: home.auth });
    expect(res.statusCode).toBe(200);
    expect((await read(mirror.token)).statusCode).toBe(401);
    expect((await read(res.json().token as string)).statusCode).toBe(200);
  });

  it('deleting a device: its token is 401 on the very next reading', async () => {
    const milk = await createSupply(t, home, { name: 'Cached milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, home, [milk.id], 'Cached fridge');
    const reading = (id: string) => [{ id, supplyId: milk.id, level: 1.5, unit: 'L', at: t.clock.now().toISOString() }];
    expect((await postTelemetry(t, device, reading('c1'))).statusCode).toBeLessThan(300);
    expect((await postTelemetry(t, device, reading('c2'))).statusCode).toBeLessThan(300);
    expect(await t.app.households.tokens.authenticate(device.token)).toMatchObject({ kind: 'device', deviceId: device.id });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/devices/${device.id}`, headers: home.auth })).statusCode).toBe(204);
    expect((await postTelemetry(t, device, reading('c3'))).statusCode).toBe(401);
  });

  it('revokeWhere (voice unlink, device deletion) inside a caller’s transaction: refused from its commit on', async () => {
    const link = await t.app.households.tokens.issue(home.id, 'link', 'alexa', 'alexa link');
    expect(await t.app.households.tokens.authenticate(link)).toMatchObject({ kind: 'link', platform: 'alexa' });
    expect(await t.app.households.tokens.authenticate(link)).not.toBeNull();
    await t.app.store.transaction(async (tx) => {
      await t.app.households.tokens.revokeWhere(home.id, { scope: 'link', subjectId: 'alexa' }, tx);
      // Until the commit the row is still live to others: a lookup now sees it but must not keep it.
      // (SQLite has one connection: a lookup there waits for this very transaction.)
      if (kind === 'postgres') expect(await t.app.households.tokens.authenticate(link)).not.toBeNull();
    });
    expect(await t.app.households.tokens.authenticate(link)).toBeNull();
  });

  it('a transaction that rolls back after revoking leaves the token working (the invalidation only costs a lookup)', async () => {
    const phone = await mint('app', 'rollback phone');
    await warm(phone.token);
    await expect(
      t.app.store.transaction(async (tx) => {
        await t.app.households.tokens.revokeWhere(home.id, { scope: 'app' }, tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await read(phone.token)).statusCode).toBe(200);
  });

  /** What a voice platform's access token opens, as the skills ask it. */
  const linkedHousehold = async (token: string) => {
    const auth = await t.app.households.tokens.authenticate(token);
    return auth?.kind === 'link' ? auth.householdId : null;
  };

  it('OAuth: /oauth/revoke and DELETE /api/v1/links/:id refuse the link’s access token at once', async () => {
    const alexa = PlatformStub.alexa(t);
    const first = await alexa.link(await pairingCode(t, home.auth));
    expect(await linkedHousehold(first.access_token)).toBe(home.id);
    expect(await linkedHousehold(first.access_token)).toBe(home.id);
    expect((await alexa.revoke(first.refresh_token)).status).toBe(200);
    expect(await linkedHousehold(first.access_token)).toBeNull();

    const google = PlatformStub.google(t);
    const second = await google.link(await pairingCode(t, home.auth));
    expect(await linkedHousehold(second.access_token)).toBe(home.id);
    const links = (await t.app.inject({ method: 'GET', url: '/api/v1/links', headers: home.auth })).json() as { links: { id: string; platform: string }[] };
    const googleLink = links.links.find((l) => l.platform === 'google');
    expect(googleLink).toBeDefined();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/links/${googleLink!.id}`, headers: home.auth })).statusCode).toBe(204);
    expect(await linkedHousehold(second.access_token)).toBeNull();
  });

  it('OAuth refresh: the access token of the pair a refresh retired is refused at once', async () => {
    const alexa = PlatformStub.alexa(t);
    const first = await alexa.link(await pairingCode(t, home.auth));
    expect(await linkedHousehold(first.access_token)).toBe(home.id);
    const refreshed = await alexa.refresh(first.refresh_token);
    expect(refreshed.status).toBe(200);
    // Using the new pair retires the old one (see server/oauth/model.ts).
    await t.app.oauth.accessUsed((await t.app.households.tokens.authenticate(refreshed.body.access_token!))!.tokenId);
    expect(await linkedHousehold(first.access_token)).toBeNull();
  });

  it('a change of locale or timezone reaches the very next request’s context', async () => {
    const phone = await mint('app', 'locale phone');
    await warm(phone.token);
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home.auth, payload: { locale: 'fr-FR', timezone: 'America/Montreal' } });
    expect(patched.statusCode).toBe(200);
    expect(await t.app.households.tokens.authenticate(phone.token)).toMatchObject({ locale: 'fr-FR', timezone: 'America/Montreal' });
    // What a person sees: an error in the household's new language.
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items/nope', headers: bearer(phone.token) });
    expect(missing.statusCode).toBe(404);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home.auth, payload: { locale: 'en-US', timezone: 'Europe/Paris' } });
    expect(await t.app.households.tokens.authenticate(phone.token)).toMatchObject({ locale: 'en-US', timezone: 'Europe/Paris' });
  });

  it('the household and its profiles, kept in memory too, show every change on the very next read', async () => {
    const household = () => t.app.inject({ method: 'GET', url: '/api/v1/household', headers: home.auth }).then((r) => r.json() as { name: string; profiles: { id: string; name: string }[] });
    await household();
    await household();
    const added = await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: home.auth, payload: { name: 'Zoé' } });
    expect(added.statusCode).toBe(201);
    expect((await household()).profiles.map((p) => p.name)).toContain('Zoé');
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/profiles/${added.json().id as string}`, headers: home.auth, payload: { name: 'Zoé B.' } });
    expect(renamed.statusCode).toBe(200);
    expect((await household()).profiles.map((p) => p.name)).toContain('Zoé B.');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home.auth, payload: { name: 'Renamed home' } })).statusCode).toBe(200);
    expect((await household()).name).toBe('Renamed home');
    // What a caller does with a value it got cannot change what the next one gets.
    const got = await t.app.households.get(home.id);
    got.name = 'scribbled';
    expect((await t.app.households.get(home.id)).name).toBe('Renamed home');
  });

  it('the household read’s body is kept per audience: the mirror never gets the one written for people, and both show a change at once', async () => {
    const display = await mint('display', 'kept-body mirror');
    const people = await read(home.token);
    const mirror = await read(display.token);
    // The people's body went first and is kept: the display token still gets its own, without voice links.
    const mirrorProfiles = (mirror.json() as { profiles: Record<string, unknown>[] }).profiles;
    expect((people.json() as { profiles: Record<string, unknown>[] }).profiles.every((p) => 'voicePersonId' in p)).toBe(true);
    expect(mirrorProfiles.length).toBeGreaterThan(0);
    expect(mirrorProfiles.some((p) => 'voicePersonId' in p)).toBe(false);
    expect(mirror.headers['content-type']).toBe('application/json; charset=utf-8');
    // A kept body is byte for byte what the route writes when nothing is kept.
    expect((await read(home.token)).body).toBe(people.body);
    await t.app.households.tokens.invalidate(t.app.store.db, home.id);
    expect((await read(home.token)).body).toBe(people.body);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home.auth, payload: { name: 'Kept-body home' } })).statusCode).toBe(200);
    expect((await read(display.token)).json().name).toBe('Kept-body home');
    expect((await read(home.token)).json().name).toBe('Kept-body home');
  });

  it('consents, kept in memory too: a withdrawal and a consent given by an action are read at once', async () => {
    // Made without a location: that consent was never answered.
    const created = await t.app.households.create({ name: 'Consent cache home', locale: 'en-US' });
    const home2 = { id: created.household.id, auth: bearer(created.token) };
    const list = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: home2.auth })).json().consents as Record<string, boolean>;
    const put = (patch: Record<string, boolean>) => t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: home2.auth, payload: patch });
    expect((await put({ telemetry: true, calendars: true })).statusCode).toBe(200);
    // Read twice: kept now.
    expect((await list()).telemetry).toBe(true);
    expect(await t.app.consents.isGranted(home2.id, 'telemetry')).toBe(true);
    expect((await put({ telemetry: false })).statusCode).toBe(200);
    expect(await t.app.consents.isGranted(home2.id, 'telemetry')).toBe(false);
    expect((await list()).telemetry).toBe(false);
    expect((await list()).calendars).toBe(true);
    // Never answered about the location: giving one is the consent, seen by the very next read.
    expect((await list()).location).toBe(false);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home2.auth, payload: { latitude: 48.85, longitude: 2.35 } })).statusCode).toBe(200);
    expect(await t.app.consents.isGranted(home2.id, 'location')).toBe(true);
    // Behind the service's back (a writer that forgot to invalidate) the kept answer stands, which is why every writer must.
    await t.app.store.db.updateTable('consents').set({ granted: 0 }).where('household_id', '=', home2.id).where('source', '=', 'calendars').execute();
    expect(await t.app.consents.isGranted(home2.id, 'calendars')).toBe(true);
    await t.app.households.tokens.invalidate(t.app.store.db, home2.id);
    expect(await t.app.consents.isGranted(home2.id, 'calendars')).toBe(false);
  });

  it('an expiring token is refused from its expiry on, cached or not (real clock)', async () => {
    const { token } = await t.app.households.tokens.issueRow(home.id, 'link', 'google', 'short link', t.app.store.db, new Date(Date.now() + 400));
    expect(await t.app.households.tokens.authenticate(token)).not.toBeNull();
    expect(await t.app.households.tokens.authenticate(token)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await t.app.households.tokens.authenticate(token)).toBeNull();
  });

  it('a URL token dies with its parent’s revocation, even with the parent cached', async () => {
    const mirror = await mint('display', 'url mirror');
    await warm(mirror.token);
    const issued = await t.app.inject({ method: 'POST', url: '/api/v1/url-tokens', headers: bearer(mirror.token), payload: { purpose: 'events' } });
    expect(issued.statusCode).toBe(201);
    const urlToken = issued.json().token as string;
    expect(await t.app.households.tokens.authenticateUrlToken(urlToken, 'events')).not.toBeNull();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${mirror.id}`, headers: home.auth })).statusCode).toBe(204);
    expect(await t.app.households.tokens.authenticateUrlToken(urlToken, 'events')).toBeNull();
  });

  it('erasing the household: its tokens are 401 on the very next request', async () => {
    const gone = await t.household('Erased home', 'en-US');
    const phone = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: gone.auth, payload: { scope: 'app', label: 'erased phone' } });
    const phoneToken = phone.json().token as string;
    await warm(gone.token);
    await warm(phoneToken);
    expect((await eraseWithConfirmation(t, gone.auth)).statusCode).toBe(200);
    expect((await read(gone.token)).statusCode).toBe(401);
    expect((await read(phoneToken)).statusCode).toBe(401);
    // The other household's tokens were left in the cache and still work.
    expect((await read(home.token)).statusCode).toBe(200);
  });

  if (kind === 'postgres') {
    it('drops everything and stops caching while the LISTEN connection is down, and starts again once it is back', async () => {
      await warm(home.token);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN %' and datname = current_database() and pid <> pg_backend_pid() and query like ${`%${t.app.store.pgSchema ?? 'public'}%`}`.execute(t.app.store.db);
      await waitFor(() => !cache().active);
      expect(cache().size).toBe(0);
      expect((await read(home.token)).statusCode).toBe(200);
      expect(cache().size).toBe(0);
      await waitFor(() => cache().active, 5_000);
      await warm(home.token);
    });
  }
});

async function waitFor(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
