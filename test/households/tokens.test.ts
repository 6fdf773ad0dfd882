import { Migrator, sql } from 'kysely';
import { ManualClock } from '@server/core/clock';
import { hashToken } from '@server/core/ids';
import { HouseholdService } from '@server/households/service';
import { buildMigrationProvider } from '@server/store/migrations';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createTestStore, describeEachStore } from '@test/helpers/stores';
import { eraseWithConfirmation } from '@test/privacy/erase-steps';
import { createDevice, createSupply } from '@test/supplies/fixtures';

type Household = Awaited<ReturnType<TestApp['household']>>;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachStore('scoped tokens', (kind) => {
  let t: TestApp;
  let a: Household;
  let b: Household;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'fr-FR');
  });
  afterAll(async () => t.close());

  const mint = (auth: { authorization: string }, scope: string, label = `${scope} token`) =>
    t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: auth, payload: { scope, label } });
  const tokenRows = (householdId: string) => t.app.store.db.selectFrom('tokens').selectAll().where('household_id', '=', householdId).orderBy('id').execute();

  it('a household token made by create is an owner token, and an owner mints app, display and owner tokens shown once, stored hashed', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: a.auth });
    expect(list.statusCode).toBe(200);
    expect(list.json().tokens).toEqual([expect.objectContaining({ scope: 'owner', current: true })]);
    for (const [scope, prefix] of [
      ['app', 'ma_'],
      ['display', 'mm_'],
      ['owner', 'mh_'],
    ] as const) {
      const res = await mint(a.auth, scope, `Alpha ${scope}`);
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ scope, label: `Alpha ${scope}`, current: false, token: expect.stringMatching(new RegExp(`^${prefix}`)) });
      const row = await t.app.store.db.selectFrom('tokens').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashToken(body.token));
      expect(JSON.stringify(row)).not.toContain(body.token);
    }
  });

  it('writes a token\'s last use at most once per quarter hour: the calls in between make no write and no promise', async () => {
    const h = await t.household('Touch', 'en-US');
    const minted = (await mint(h.auth, 'app', 'touch probe')).json() as { id: string };
    const first = t.app.households.tokens.touch(minted.id);
    expect(first).not.toBeNull();
    await first;
    const written = (await tokenRows(h.id)).find((r) => r.id === minted.id)?.last_used_at;
    expect(written).toBe(t.clock.now().toISOString());
    expect(t.app.households.tokens.touch(minted.id)).toBeNull();
    t.clock.advance(15 * 60_000);
    const later = t.app.households.tokens.touch(minted.id);
    expect(later).not.toBeNull();
    await later;
    expect((await tokenRows(h.id)).find((r) => r.id === minted.id)?.last_used_at).toBe(t.clock.now().toISOString());
  });

  it('lists the live tokens of its own household only, without any secret', async () => {
    const milk = await createSupply(t, a, { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: a.auth });
    const tokens = res.json().tokens as Record<string, unknown>[];
    expect(tokens.map((tk) => tk.scope).sort()).toEqual(['app', 'device', 'display', 'owner', 'owner']);
    expect(tokens.find((tk) => tk.scope === 'device')).toMatchObject({ subjectId: device.id, label: 'Fridge' });
    for (const tk of tokens) expect(Object.keys(tk).sort()).toEqual(['createdAt', 'current', 'id', 'label', 'lastUsedAt', 'rotatedAt', 'scope', 'subjectId']);
    expect(res.body).not.toContain(a.token);
    expect(res.body).not.toContain(device.token);
    expect(res.body).not.toMatch(/hash/);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: b.auth });
    expect(theirs.json().tokens).toHaveLength(1);
  });

  it('never lets a token mint, rotate or revoke a token with more power than its own, changing nothing when refused', async () => {
    const app = (await mint(a.auth, 'app')).json().token as string;
    const display = (await mint(a.auth, 'display')).json().token as string;
    const before = await tokenRows(a.id);

    const escalate = await mint(bearer(app), 'owner');
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().error.code).toBe('TOKEN_TOO_POWERFUL');
    const ownerId = before.find((r) => r.token_hash === hashToken(a.token))!.id;
    const rotateOwner = await t.app.inject({ method: 'POST', url: `/api/v1/tokens/${ownerId}/rotate`, headers: bearer(app) });
    expect(rotateOwner.statusCode).toBe(403);
    expect(rotateOwner.json().error.code).toBe('TOKEN_TOO_POWERFUL');
    const revokeOwner = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${ownerId}`, headers: bearer(app) });
    expect(revokeOwner.statusCode).toBe(403);
    for (const scope of ['display', 'app', 'owner']) {
      const res = await mint(bearer(display), scope);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('INSUFFICIENT_SCOPE');
    }
    const badScope = await mint(a.auth, 'device');
    expect(badScope.statusCode).toBe(400);
    const noLabel = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: a.auth, payload: { scope: 'app' } });
    expect(noLabel.statusCode).toBe(400);
    expect(await tokenRows(a.id)).toEqual(before);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth })).statusCode).toBe(200);

    // Within its own power an app token does mint and manage.
    const phone = await mint(bearer(app), 'display', 'hall mirror');
    expect(phone.statusCode).toBe(201);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${phone.json().id}`, headers: bearer(app) });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(phone.json().token) })).statusCode).toBe(401);
  });

  it('rotates a token: same id, scope and label, a new secret, the old one refused at once', async () => {
    const made = (await mint(a.auth, 'display', 'kitchen mirror')).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tokens/${made.id}/rotate`, headers: a.auth });
    expect(res.statusCode).toBe(200);
    const rotated = res.json();
    expect(rotated).toMatchObject({ id: made.id, scope: 'display', label: 'kitchen mirror', rotatedAt: t.clock.now().toISOString() });
    expect(rotated.token).toMatch(/^mm_/);
    expect(rotated.token).not.toBe(made.token);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: bearer(made.token) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(rotated.token) })).statusCode).toBe(200);
  });

  it("cannot see, rotate or revoke another household's token: 404, nothing changes", async () => {
    const theirs = (await mint(b.auth, 'app')).json();
    const before = await tokenRows(b.id);
    for (const [method, url] of [
      ['POST', `/api/v1/tokens/${theirs.id}/rotate`],
      ['DELETE', `/api/v1/tokens/${theirs.id}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: a.auth });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect(await tokenRows(b.id)).toEqual(before);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(theirs.token) })).statusCode).toBe(200);
  });

  it('gives a display token what the mirror page reads, a proposal to approve or decline and a pairing code, and refuses the rest with 403 INSUFFICIENT_SCOPE', async () => {
    const display = bearer((await mint(a.auth, 'display', 'mirror')).json().token);
    const eggs = await createSupply(t, a, { name: 'Eggs', unit: 'pcs', capacity: 12, level: 1, reorderPoint: 4, sku: 'eggs-12', policy: { mode: 'ask' } });
    const eggsTwo = await createSupply(t, a, { name: 'Butter', unit: 'g', capacity: 500, level: 10, reorderPoint: 100, sku: 'butter-250g', policy: { mode: 'ask' } });
    const proposals = (await t.app.inject({ method: 'GET', url: '/api/v1/proposals', headers: display })).json().proposals as { id: string; supplyId: string }[];
    const approve = proposals.find((p) => p.supplyId === eggs.id)!;
    const decline = proposals.find((p) => p.supplyId === eggsTwo.id)!;
    const allowed: [string, string][] = [
      ['GET', '/api/v1/household'],
      ['GET', '/api/v1/weather'],
      ['GET', '/api/v1/agenda'],
      ['GET', `/api/v1/outfits/today?profile=${a.profileId}`],
      ['GET', '/api/v1/events/position'],
      ['GET', '/api/v1/supplies'],
      ['GET', '/api/v1/orders'],
      ['GET', '/api/v1/proposals'],
      ['POST', `/api/v1/proposals/${approve.id}/approve`],
      ['POST', `/api/v1/proposals/${decline.id}/decline`],
      ['POST', '/api/v1/pairing/code'],
    ];
    for (const [method, url] of allowed) {
      const res = await t.app.inject({ method: method as 'GET', url, headers: display });
      // The weather may be unavailable (no provider here): what matters is that the scope let it through.
      expect([`${method} ${url} ${res.statusCode}`]).not.toContainEqual(expect.stringMatching(/ (401|403)$/));
    }
    // The mirror's approvals are recorded as the mirror's.
    const trail = await t.app.store.db.selectFrom('order_events').select(['channel']).where('order_id', '=', approve.id).where('to_status', '=', 'approved').execute();
    expect(trail.map((e) => e.channel)).toEqual(['mirror']);

    const refused: [string, string, unknown?][] = [
      ['GET', '/api/v1/privacy/export'],
      ['GET', '/api/v1/privacy/consents'],
      ['PUT', '/api/v1/privacy/consents', { calendars: false }],
      ['POST', '/api/v1/household/erase-confirmation'],
      ['DELETE', '/api/v1/household', { confirmation: 'mc_x' }],
      ['GET', '/api/v1/devices'],
      ['POST', '/api/v1/devices', { name: 'Spy', kind: 'fridge', supplyIds: [eggs.id] }],
      ['GET', '/api/v1/tokens'],
      ['POST', '/api/v1/tokens', { scope: 'display', label: 'x' }],
      ['PATCH', '/api/v1/household', { name: 'Renamed' }],
      // The whole wardrobe: the mirror shows today's outfits, which come with their garments.
      ['GET', '/api/v1/wardrobe/items'],
      ['POST', '/api/v1/wardrobe/items', { name: 'Shirt', category: 'top', kind: 'shirt', formality: 'casual', colors: ['blue'] }],
      ['POST', '/api/v1/orders', { supplyId: eggs.id }],
    ];
    const before = await t.app.store.db.selectFrom('households').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    for (const [method, url, payload] of refused) {
      const res = await t.app.inject({ method: method as 'GET', url, headers: display, ...(payload ? { payload: payload as object } : {}) });
      expect([method, url, res.statusCode, res.json().error?.code]).toEqual([method, url, 403, 'INSUFFICIENT_SCOPE']);
    }
    expect(await t.app.store.db.selectFrom('households').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('lets a device token post its telemetry and nothing else', async () => {
    const milk = await createSupply(t, a, { name: 'Milk 2', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: device.auth });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('INSUFFICIENT_SCOPE');
  });
});

describeEachStore('erasing a household needs a fresh confirmation', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
  });
  afterAll(async () => t.close());

  const exists = async (id: string) => (await t.app.store.db.selectFrom('households').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  const confirm = async (auth: { authorization: string }) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/household/erase-confirmation', headers: auth });
    expect(res.statusCode).toBe(201);
    return res.json<{ confirmation: string; expiresAt: string }>();
  };

  it('refuses an erase without one, with another token’s, an expired or a spent one, and erases nothing', async () => {
    const h = await t.household('Careful');
    const second = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth, payload: { scope: 'owner', label: 'second' } })).json().token as string;
    const none = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: h.auth });
    expect(none.statusCode).toBe(400);
    const made = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: h.auth, payload: { confirmation: 'mc_made-up' } });
    expect(made.statusCode).toBe(403);
    expect(made.json().error.code).toBe('ERASE_NOT_CONFIRMED');

    const others = await confirm(bearer(second));
    const byAnother = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: h.auth, payload: { confirmation: others.confirmation } });
    expect([byAnother.statusCode, byAnother.json().error.code]).toEqual([403, 'ERASE_NOT_CONFIRMED']);

    const late = await confirm(h.auth);
    expect(Date.parse(late.expiresAt) - t.clock.now().getTime()).toBe(5 * 60_000);
    t.clock.advance(5 * 60_000 + 1);
    const expired = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: h.auth, payload: { confirmation: late.confirmation } });
    expect([expired.statusCode, expired.json().error.code]).toEqual([403, 'ERASE_NOT_CONFIRMED']);
    expect(await exists(h.id)).toBe(true);
  });

  it('erases with an app token and its own fresh confirmation; the confirmation works once', async () => {
    const h = await t.household('Leaving');
    const app = bearer((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth, payload: { scope: 'app', label: 'phone' } })).json().token as string);
    const { confirmation } = await confirm(app);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: app, payload: { confirmation } });
    expect(res.statusCode).toBe(200);
    expect(await exists(h.id)).toBe(false);
    const again = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: app, payload: { confirmation } });
    expect(again.statusCode).toBe(401);
    const other = await t.household('Staying');
    expect((await eraseWithConfirmation(t, other.auth)).statusCode).toBe(200);
  });
});

describeEachStore('tokens of the first round', (kind) => {
  it('keep working, as owner tokens, after the migration', async () => {
    const test = await createTestStore(kind, { migrate: false });
    try {
      const migrator = new Migrator({ db: test.store.db, provider: buildMigrationProvider(kind), ...(kind === 'postgres' ? { migrationTableSchema: test.where } : {}) });
      const first = await migrator.migrateTo('0001_households_core');
      expect(first.error).toBeUndefined();
      const now = '2026-06-01T08:00:00.000Z';
      await sql`insert into households (id, name, locale, timezone, currency, settings, created_at) values ('h1', 'Old', 'en-US', 'Europe/Paris', 'EUR', '{}', ${now})`.execute(test.store.db);
      await sql`insert into tokens (id, household_id, token_hash, scope, subject_id, label, created_at) values ('t1', 'h1', ${hashToken('mh_old-token')}, 'household', null, 'owner', ${now})`.execute(test.store.db);
      await test.store.migrate();
      const auth = await new HouseholdService(test.store, new ManualClock(now)).tokens.authenticate('mh_old-token');
      expect(auth).toMatchObject({ kind: 'household', scope: 'owner', householdId: 'h1', tokenId: 't1' });
    } finally {
      await test.dispose();
    }
  });
});
