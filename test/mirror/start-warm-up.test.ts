import { seedDemoHousehold } from '@server/demo/seed';
import { readMirrorStart, warmUpMirrorStart } from '@server/mirror/start-warm-up';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

/** What a warm-up could leave behind: tokens (and their URL tokens), orders, wears, stored state. */
async function storedRows(t: TestApp): Promise<string> {
  const { db } = t.app.store;
  const tables = ['tokens', 'url_tokens', 'orders', 'garments', 'supplies', 'households'] as const;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows);
}

describe("the mirror's start-up reads, made by the server itself once listening", () => {
  let t: TestApp;
  let demo: Awaited<ReturnType<typeof seedDemoHousehold>>;

  beforeAll(async () => {
    t = await buildTestApp();
    demo = await seedDemoHousehold(t.app, 'en-US');
  });
  afterAll(() => t.close());

  it('reads every region of the page through its route, each answered', async () => {
    const answered = await readMirrorStart(t.app, demo.household.id);
    expect(answered.map((a) => a.path.split('?')[0])).toEqual([
      '/api/v1/household',
      '/api/v1/events/position',
      '/api/v1/mirror/power',
      '/api/v1/weather',
      '/api/v1/agenda',
      ...demo.profiles.map(() => '/api/v1/outfits/today'),
      '/api/v1/supplies',
      '/api/v1/proposals',
      '/api/v1/orders',
    ]);
    expect(answered.filter((a) => a.status !== 200)).toEqual([]);
  });

  it('writes nothing: no token stored, none left that opens anything', async () => {
    const before = await storedRows(t);
    await warmUpMirrorStart(t.app);
    expect(await storedRows(t)).toBe(before);
    // The credential it read with works while it reads, and not a moment after.
    let used = '';
    const during = await t.app.households.tokens.withInProcessToken(demo.household.id, async (token) => {
      used = token;
      return (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: { authorization: `Bearer ${token}` } })).statusCode;
    });
    expect(during).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: { authorization: `Bearer ${used}` } });
    expect(after.statusCode).toBe(401);
    // A display token's limits: it reads what the mirror shows, nothing of what only people may.
    const denied = await t.app.households.tokens.withInProcessToken(demo.household.id, async (token) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: { authorization: `Bearer ${token}` } })).statusCode,
    );
    expect(denied).toBe(403);
    expect(await storedRows(t)).toBe(before);
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${demo.token}` } });
    expect(JSON.stringify(listed.json())).not.toContain('in-process');
  });
});
