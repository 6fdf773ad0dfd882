import type { DomainEvent } from '@server/core/events';
import { seedDemoHousehold } from '@server/demo/seed';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const FAMILY = {
  name: 'Famille Dupont',
  locale: 'en-GB',
  timezone: 'Europe/London',
  latitude: 51.5072,
  longitude: -0.1276,
  people: [{ name: 'Claire' }, { name: 'Tom', comfort: 'cold' }],
  device: 'Pixel 8',
};

describeEachStore('first run: the family household made from the demo', (kind) => {
  let t: TestApp;
  let demo: Awaited<ReturnType<typeof seedDemoHousehold>>;
  let demoApp: string;
  const events: DomainEvent[] = [];
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    demo = await seedDemoHousehold(t.app, 'fr-FR');
    demoApp = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(demo.token), payload: { scope: 'app', label: 'phone' } })).json().token;
    t.app.events.subscribe((e) => events.push(e));
  });
  afterAll(async () => t.close());

  const setup = (token: string, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: bearer(token), payload });
  const households = async () => (await t.app.store.db.selectFrom('households').select('id').execute()).length;

  it('the seed marks its household as the demo, and first run is open to its people only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(demoApp) })).json()).toMatchObject({ demo: true, currency: 'EUR', units: 'metric' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup', headers: bearer(demoApp) })).json()).toEqual({ available: true });
    const display = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(demo.token), payload: { scope: 'display', label: 'mirror' } })).json().token;
    expect((await setup(display, FAMILY)).statusCode).toBe(403);
    expect(await households()).toBe(1);
  });

  it('refuses bad input with a 400 on its field and creates nothing', async () => {
    for (const bad of [
      { ...FAMILY, people: [] },
      { ...FAMILY, name: '   ' },
      { ...FAMILY, currency: 'XYZ' },
      { ...FAMILY, units: 'nautical' },
      { ...FAMILY, timezone: 'Mars/Olympus' },
      { ...FAMILY, latitude: 51.5, longitude: undefined },
    ]) {
      const res = await setup(demoApp, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
    }
    expect(await households()).toBe(1);
  });

  it('creates the household with its people, gives this phone an app token and tells the mirror to move by a claim', async () => {
    events.length = 0;
    const res = await setup(demoApp, FAMILY);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.household).toMatchObject({ name: 'Famille Dupont', locale: 'en-GB', timezone: 'Europe/London', currency: 'GBP', units: 'metric', demo: false });
    expect(body.household.profiles.map((p: { name: string; comfort: string }) => [p.name, p.comfort])).toEqual([
      ['Claire', 'neutral'],
      ['Tom', 'cold'],
    ]);
    expect(body.token).toMatch(/^ma_/);
    expect(body.mirrorMoved).toBe(true);

    // No display token exists until a mirror redeems the claim (test/households/mirror-claims.test.ts).
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(body.token) });
    expect(mine.json().tokens.map((tk: { scope: string; label: string }) => [tk.scope, tk.label])).toEqual([['app', 'Pixel 8 (setup)']]);
    const moved = events.find((e) => e.type === 'mirror.moved');
    expect(moved).toMatchObject({ householdId: demo.household.id, payload: { to: body.household.id } });
    if (moved?.type !== 'mirror.moved') throw new Error('no mirror.moved');
    expect(Object.keys(moved.payload).sort()).toEqual(['claimId', 'to']);
    const claim = await t.app.store.db.selectFrom('mirror_claims').selectAll().where('id', '=', moved.payload.claimId).executeTakeFirstOrThrow();
    expect(claim).toMatchObject({ household_id: demo.household.id, to_household_id: body.household.id, created_at: '2026-11-30T07:00:00.000Z', expires_at: '2026-11-30T07:10:00.000Z' });
    // Location given: its consent too (the weather can be fetched).
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: bearer(body.token) })).json().consents.location).toBe(true);
  });

  it('is closed once the family household exists, for the demo and for anyone', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup', headers: bearer(demoApp) })).json()).toEqual({ available: false });
    const again = await setup(demoApp, { ...FAMILY, name: 'Encore' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_CLOSED');
    expect(await households()).toBe(2);
  });
});

describeEachStore('first run: two phones at once', (kind) => {
  it('creates one household only', async () => {
    const t = await buildTestApp({ store: kind });
    try {
      const demo = await t.app.households.create({ name: 'Demo', locale: 'fr-FR', demo: true });
      const both = await Promise.all(
        ['Un', 'Deux'].map((name) => t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: bearer(demo.token), payload: { ...FAMILY, name } })),
      );
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect((await t.app.store.db.selectFrom('households').select('id').where('is_demo', '=', 0).execute()).length).toBe(1);
    } finally {
      await t.close();
    }
  });
});
