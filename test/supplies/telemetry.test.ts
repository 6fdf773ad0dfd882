import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, history, postTelemetry, type TestHousehold } from './fixtures';

describeEachStore('telemetry', (kind) => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'fr-FR');
  });
  afterAll(async () => t.close());

  const snapshot = async () => ({
    readings: await t.app.store.db.selectFrom('readings').selectAll().orderBy('household_id').orderBy('id').execute(),
    supplies: await t.app.store.db.selectFrom('supplies').selectAll().orderBy('id').execute(),
    orders: await t.app.store.db.selectFrom('orders').selectAll().orderBy('id').execute(),
  });

  it('creates a device whose token is shown once and reports only for its own supplies', async () => {
    const milk = await createSupply(t, a, { name: 'Milk', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    expect(device.token).toMatch(/^md_/);
    const stored = await t.app.store.db.selectFrom('tokens').select('token_hash').where('subject_id', '=', device.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(device.token);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/devices', headers: a.auth });
    expect(JSON.stringify(list.json())).not.toContain(device.token);
    // A device token cannot use household routes.
    const household = await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: device.auth });
    expect(household.statusCode).toBe(403);
  });

  it('stores readings, ignores a reading id seen before, and keeps the latest level when an older one arrives late', async () => {
    // No initial level: a level given at creation is a manual reading dated now, newer than these.
    const milk = await createSupply(t, a, { name: 'Milk 2', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const now = t.clock.now();
    const at = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
    const first = await postTelemetry(t, device, [{ id: 'r1', supplyId: milk.id, level: 1.5, unit: 'L', at: at(1) }]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    const again = await postTelemetry(t, device, [
      { id: 'r1', supplyId: milk.id, level: 0.1, unit: 'L', at: at(0) },
      { id: 'r0', supplyId: milk.id, level: 1.8, unit: 'L', at: at(5) },
    ]);
    expect(again.json()).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: 0,
      results: [
        { id: 'r1', status: 'duplicate' },
        { id: 'r0', status: 'stored' },
      ],
    });
    const supplies = (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: a.auth })).json().supplies as { id: string; level: number; levelAt: string }[];
    const current = supplies.find((s) => s.id === milk.id)!;
    expect(current.level).toBe(1.5);
    expect(current.levelAt).toBe(at(1));
    const rows = await t.app.store.db.selectFrom('readings').select(['id', 'level']).where('supply_id', '=', milk.id).where('source', '=', 'device').orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'r0', level: 1.8 },
      { id: 'r1', level: 1.5 },
    ]);
  });

  it('two devices numbering their readings from 1 keep each other\'s readings (ids are unique per device)', async () => {
    const milk = await createSupply(t, a, { name: 'Milk shared ids', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const butter = await createSupply(t, a, { name: 'Butter shared ids', unit: 'g', capacity: 500, policy: { mode: 'notify' } });
    const fridge = await createDevice(t, a, [milk.id], 'Fridge shelf');
    const scale = await createDevice(t, a, [butter.id], 'Butter scale');
    const at = t.clock.now().toISOString();
    const first = await postTelemetry(t, fridge, [{ id: '1', supplyId: milk.id, level: 1.2, unit: 'L', at }]);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const second = await postTelemetry(t, scale, [{ id: '1', supplyId: butter.id, level: 300, unit: 'g', at }]);
    expect(second.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    // Each device's own resend is still a duplicate.
    const resend = await postTelemetry(t, scale, [{ id: '1', supplyId: butter.id, level: 100, unit: 'g', at }]);
    expect(resend.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const rows = await t.app.store.db.selectFrom('readings').select(['device_id', 'supply_id', 'level']).where('household_id', '=', a.id).where('id', '=', '1').orderBy('level').execute();
    expect(rows).toEqual([
      { device_id: fridge.id, supply_id: milk.id, level: 1.2 },
      { device_id: scale.id, supply_id: butter.id, level: 300 },
    ]);
    expect((await t.app.supplies.get(a.id, butter.id)).level).toBe(300);
  });

  it('rejects bad readings one by one with a reason, changing nothing for them', async () => {
    const milk = await createSupply(t, a, { name: 'Milk 3', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const eggs = await createSupply(t, a, { name: 'Eggs', unit: 'pcs', capacity: 12, level: 12, policy: { mode: 'notify' } });
    const foreign = await createSupply(t, b, { name: 'Lait', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const now = t.clock.now().getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    const before = await snapshot();
    const res = await postTelemetry(t, device, [
      { id: 'neg', supplyId: milk.id, level: -0.1, unit: 'L', at: iso(now) },
      { id: 'unit', supplyId: milk.id, level: 1, unit: 'kg', at: iso(now) },
      { id: 'unknown', supplyId: 'no-such-supply', level: 1, unit: 'L', at: iso(now) },
      { id: 'foreign', supplyId: foreign.id, level: 1, unit: 'L', at: iso(now) },
      { id: 'other', supplyId: eggs.id, level: 6, unit: 'pcs', at: iso(now) },
      { id: 'future', supplyId: milk.id, level: 1, unit: 'L', at: iso(now + 3_600_000) },
      { id: 'old', supplyId: milk.id, level: 1, unit: 'L', at: iso(now - 60 * 86_400_000) },
      { id: 'huge', supplyId: milk.id, level: 50, unit: 'L', at: iso(now) },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([
      { id: 'neg', status: 'rejected', reason: 'negativeLevel' },
      { id: 'unit', status: 'rejected', reason: 'wrongUnit' },
      { id: 'unknown', status: 'rejected', reason: 'unknownSupply' },
      { id: 'foreign', status: 'rejected', reason: 'unknownSupply' },
      { id: 'other', status: 'rejected', reason: 'notYourSupply' },
      { id: 'future', status: 'rejected', reason: 'futureTimestamp' },
      { id: 'old', status: 'rejected', reason: 'tooOld' },
      { id: 'huge', status: 'rejected', reason: 'aboveCapacity' },
    ]);
    expect(await snapshot()).toEqual(before);
    // Structurally wrong bodies are refused whole: a string level, NaN (not JSON), a missing field, an unknown field.
    for (const payload of [
      { readings: [{ id: 'x', supplyId: milk.id, level: '1', unit: 'L', at: iso(now) }] },
      { readings: [{ id: 'x', supplyId: milk.id, level: 1, unit: 'L' }] },
      { readings: [{ id: 'x', supplyId: milk.id, level: 1, unit: 'L', at: iso(now), extra: 1 }] },
      { readings: [] },
    ]) {
      const bad = await t.app.inject({ method: 'POST', url: `/api/v1/devices/${device.id}/telemetry`, headers: device.auth, payload });
      expect(bad.statusCode).toBe(400);
    }
    const nan = await t.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device.id}/telemetry`,
      headers: { ...device.auth, 'content-type': 'application/json' },
      payload: `{"readings":[{"id":"x","supplyId":"${milk.id}","level":NaN,"unit":"L","at":"${iso(now)}"}]}`,
    });
    expect(nan.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
    // Converted units of the same dimension are fine.
    const ml = await postTelemetry(t, device, [{ id: 'ml', supplyId: milk.id, level: 750, unit: 'ml', at: iso(now) }]);
    expect(ml.json().accepted).toBe(1);
    const row = await t.app.store.db.selectFrom('supplies').select('level').where('id', '=', milk.id).executeTakeFirstOrThrow();
    expect(row.level).toBeCloseTo(0.75, 6);
  });

  it("refuses telemetry from another household's device, and a device posting as another device", async () => {
    const lait = await createSupply(t, b, { name: 'Lait', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const milk = await createSupply(t, a, { name: 'Milk 4', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const deviceA = await createDevice(t, a, [milk.id]);
    const deviceB = await createDevice(t, b, [lait.id]);
    const before = await snapshot();
    const at = t.clock.now().toISOString();
    const intoB = await postTelemetry(t, deviceA, [{ id: 'x1', supplyId: lait.id, level: 0.1, unit: 'L', at }]);
    expect(intoB.json().results).toEqual([{ id: 'x1', status: 'rejected', reason: 'unknownSupply' }]);
    const asB = await t.app.inject({ method: 'POST', url: `/api/v1/devices/${deviceB.id}/telemetry`, headers: deviceA.auth, payload: { readings: [{ id: 'x2', supplyId: lait.id, level: 0.1, unit: 'L', at }] } });
    expect(asB.statusCode).toBe(403);
    const household = await t.app.inject({ method: 'POST', url: `/api/v1/devices/${deviceB.id}/telemetry`, headers: b.auth, payload: { readings: [{ id: 'x3', supplyId: lait.id, level: 0.1, unit: 'L', at }] } });
    expect(household.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('needs the telemetry consent', async () => {
    const milk = await createSupply(t, a, { name: 'Milk 5', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    await t.app.consents.set(a.id, { telemetry: false });
    const before = await snapshot();
    const res = await postTelemetry(t, device, [{ id: 'c1', supplyId: milk.id, level: 1, unit: 'L', at: t.clock.now().toISOString() }]);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CONSENT_REQUIRED');
    expect(await snapshot()).toEqual(before);
    await t.app.consents.set(a.id, { telemetry: true });
  });

  it('a deleted device is refused', async () => {
    const milk = await createSupply(t, a, { name: 'Milk 6', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/devices/${device.id}`, headers: a.auth });
    expect(del.statusCode).toBe(204);
    const res = await postTelemetry(t, device, [{ id: 'd1', supplyId: milk.id, level: 1, unit: 'L', at: t.clock.now().toISOString() }]);
    expect(res.statusCode).toBe(401);
  });

  it('50 concurrent copies of the same reading store one reading and create exactly one order', async () => {
    const milk = await createSupply(t, a, { name: 'Milk 7', unit: 'L', capacity: 2, level: 2, reorderPoint: 0.4, sku: 'milk-1l', policy: { mode: 'auto' } });
    const device = await createDevice(t, a, [milk.id]);
    // A week of steady use so the forecast is meaningful, then one reading that crosses the line.
    const warmup = await postTelemetry(t, device, history(milk.id, new Date(t.clock.now().getTime() - 3_600_000), { from: 2, perDay: 0.2, days: 7 }));
    expect(warmup.json().rejected).toBe(0);
    expect(await t.app.store.db.selectFrom('orders').selectAll().where('supply_id', '=', milk.id).execute()).toHaveLength(0);
    const reading = { id: 'low-1', supplyId: milk.id, level: 0.3, unit: 'L', at: t.clock.now().toISOString() };
    const responses = await Promise.all(Array.from({ length: 50 }, () => postTelemetry(t, device, [reading])));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(responses.filter((r) => r.json().accepted === 1)).toHaveLength(1);
    expect(responses.filter((r) => r.json().duplicates === 1)).toHaveLength(49);
    const readings = await t.app.store.db.selectFrom('readings').select('id').where('household_id', '=', a.id).where('id', '=', 'low-1').execute();
    expect(readings).toHaveLength(1);
    const orders = await t.app.store.db.selectFrom('orders').selectAll().where('supply_id', '=', milk.id).execute();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'scheduled', sku: 'milk-1l', reason: 'policy', channel: 'system' });
  });
});
