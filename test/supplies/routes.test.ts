import type { Supply } from '@server/supplies/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createSupply, type TestHousehold } from './fixtures';

describeEachStore('supplies routes', (kind) => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    a = await t.household('A', 'fr-FR');
    b = await t.household('B', 'en-US');
  });
  afterAll(async () => t.close());

  const rows = () => t.app.store.db.selectFrom('supplies').selectAll().orderBy('id').execute();

  it('creates, lists, updates and deletes a supply in the contract shape', async () => {
    const created = await createSupply(t, a, { name: 'Lait', unit: 'L', capacity: 2, level: 1.5, sku: 'milk-1l', policy: { mode: 'ask', maxPerOrder: 10 } });
    expect(created).toMatchObject({
      name: 'Lait',
      unit: 'L',
      capacity: 2,
      level: 1.5,
      reorderPoint: 0.4,
      sku: 'milk-1l',
      policy: { mode: 'ask', maxPerOrder: 10, maxPerMonth: null, cancelWindowHours: 24 },
      daysLeft: null,
      storeId: 'simulated',
      reorderDue: false,
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: a.auth });
    expect(list.json()).toEqual({ supplies: [expect.objectContaining({ id: created.id })] });
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${created.id}`, headers: a.auth, payload: { name: 'Lait entier', policy: { mode: 'auto', maxPerMonth: 30 } } });
    expect(patched.statusCode).toBe(200);
    expect((patched.json() as Supply).policy).toEqual({ mode: 'auto', maxPerOrder: 10, maxPerMonth: 30, cancelWindowHours: 24 });
    expect((await t.app.supplies.findByName(a.id, 'milk', 'en-US'))?.id).toBe(created.id);
    expect(await t.app.supplies.findByName(b.id, 'milk', 'en-US')).toBeNull();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/supplies/${created.id}`, headers: a.auth });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: a.auth })).json()).toEqual({ supplies: [] });
  });

  it('refuses bad input and foreign ids with 4xx, changing nothing', async () => {
    const mine = await createSupply(t, a, { name: 'Beurre', unit: 'g', capacity: 500, policy: { mode: 'notify' } });
    const before = await rows();
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: 0 }, 400],
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: 1, level: -1 }, 400],
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: '1' }, 400],
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: 1, policy: { mode: 'always' } }, 400],
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: 1, owner: 'me' }, 400],
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: 1, reorderPoint: 5 }, 400],
      ['POST', '/api/v1/supplies', { name: 'X', unit: 'L', capacity: 1, storeId: 'nowhere', sku: 'milk-1l' }, 422],
      ['PATCH', `/api/v1/supplies/${mine.id}`, {}, 400],
      ['PATCH', `/api/v1/supplies/${mine.id}`, { unit: 'kg' }, 400],
      ['POST', '/api/v1/devices', { name: 'Scale', kind: 'scale', supplyIds: ['nope'] }, 404],
    ];
    for (const [method, url, payload, status] of cases) {
      const res = await t.app.inject({ method: method as 'POST' | 'PATCH', url, headers: a.auth, payload: payload as Record<string, unknown> });
      expect([url, res.statusCode]).toEqual([url, status]);
      expect(res.json().error.code).toEqual(expect.any(String));
    }
    const foreignPatch = await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${mine.id}`, headers: b.auth, payload: { name: 'Mine now' } });
    expect(foreignPatch.statusCode).toBe(404);
    const foreignDelete = await t.app.inject({ method: 'DELETE', url: `/api/v1/supplies/${mine.id}`, headers: b.auth });
    expect(foreignDelete.statusCode).toBe(404);
    const foreignDevice = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: b.auth, payload: { name: 'Spy', kind: 'scale', supplyIds: [mine.id] } });
    expect(foreignDevice.statusCode).toBe(404);
    expect(await rows()).toEqual(before);
    expect(await t.app.store.db.selectFrom('devices').selectAll().execute()).toEqual([]);
  });
});
