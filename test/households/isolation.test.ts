import type { SimulatedStore } from '@server/orders/stores/simulated';
import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { MqttTelemetry } from '@server/supplies/mqtt';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { STORE_KINDS } from '@test/helpers/stores';
import { createDevice, createSupply } from '@test/supplies/fixtures';

describe.each(STORE_KINDS)('household isolation and input validation [%s]', (kind) => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['household']>>;
  let b: Awaited<ReturnType<TestApp['household']>>;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'fr-FR');
  });
  afterAll(async () => t.close());

  const snapshot = async () => ({
    households: await t.app.store.db.selectFrom('households').selectAll().orderBy('id').execute(),
    profiles: await t.app.store.db.selectFrom('profiles').selectAll().orderBy('id').execute(),
  });

  it('each token sees only its own household', async () => {
    const resA = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth });
    const resB = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: b.auth });
    expect(resA.json().id).toBe(a.id);
    expect(resB.json().id).toBe(b.id);
    expect(JSON.stringify(resA.json())).not.toContain(b.id);
  });

  it("cannot change another household's profile", async () => {
    const before = await snapshot();
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/profiles/${b.profileId}`, headers: a.auth, payload: { name: 'Hijacked' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('rejects malformed JSON, a wrong type and an unknown field with 400, changing nothing', async () => {
    const before = await snapshot();
    const malformed = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: { ...a.auth, 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('INVALID_JSON');
    const wrongType = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { name: 42 } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe('VALIDATION_FAILED');
    const numericString = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { latitude: '48.1' } });
    expect(numericString.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { name: 'Ok', isAdmin: true } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('isAdmin');
    const badZone = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { timezone: 'Mars/Olympus' } });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.code).toBe('INVALID_TIMEZONE');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a missing, malformed or revoked token with 401 and changes nothing', async () => {
    const before = await snapshot();
    for (const authorization of [undefined, 'Bearer', 'Basic abc', `Bearer ${a.token}x`]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: authorization ? { authorization } : {}, payload: { name: 'Nope' } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    }
    expect(await snapshot()).toEqual(before);
    const c = await t.household('Gamma');
    const extra = await t.app.households.tokens.issue(c.id, 'owner', null, 'second');
    await t.app.households.tokens.revokeWhere(c.id, { scope: 'owner' });
    const revoked = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: { authorization: `Bearer ${extra}` } });
    expect(revoked.statusCode).toBe(401);
  });

  it('answers errors in the household language', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: b.auth, payload: { timezone: 'Nowhere/Land' } });
    expect(res.json().error.message).toBe('Fuseau horaire inconnu : Nowhere/Land.');
  });

  it("tells the household's open pages, and only them, that it changed", async () => {
    const seen: string[] = [];
    const stop = t.app.events.subscribe((event) => {
      if (event.type === 'household.updated') seen.push(event.householdId);
    });
    try {
      await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { settings: { nightMode: { start: '22:30' } } } });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { name: 42 } });
      await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: b.auth, payload: { name: 'Zoé' } });
    } finally {
      stop();
    }
    // The rejected PATCH changed nothing and says nothing.
    expect(seen).toEqual([a.id, b.id]);
  });

  it('updates settings partially and keeps the rest', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: a.auth, payload: { settings: { commute: { leave: '07:45' } } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings.commute).toEqual({ leave: '07:45', return: '18:30', days: [1, 2, 3, 4, 5] });
  });
});

describe.each(STORE_KINDS)('text with a NUL character [%s]', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
  });
  afterAll(async () => t.close());

  it('is refused with 400 on both stores and changes nothing', async () => {
    const h = await t.household('Nul');
    const before = await t.app.store.db.selectFrom('households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: h.auth, payload: { name: 'bad\u0000name' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const after = await t.app.store.db.selectFrom('households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

/**
 * The background paths (the outbox dispatcher, delivery tracking) act for every household at
 * once, outside any request: they must keep households apart as strictly as the routes do.
 */
describe.each(STORE_KINDS)('household isolation on the background paths of orders [%s]', (kind) => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['household']>>;
  let b: Awaited<ReturnType<TestApp['household']>>;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'fr-FR');
  });
  afterAll(async () => t.close());

  const supply = async (h: typeof a, name: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/supplies',
      headers: h.auth,
      payload: { name, unit: 'L', capacity: 10, level: 5, reorderPoint: 1, sku: 'milk-1l', policy: { mode: 'notify', cancelWindowHours: 0 } },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const order = (h: typeof a, supplyId: string, quantity: number, key: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...h.auth, 'idempotency-key': key }, payload: { supplyId, quantity } });

  it('two households sending the same Idempotency-Key get two store orders, each tracked and delivered to its own home', async () => {
    const sim = t.app.orders.stores.get('simulated') as SimulatedStore;
    const milkA = await supply(a, 'Milk');
    const milkB = await supply(b, 'Lait');
    const before = await sim.orderCount();
    const seen: { householdId: string; orderId: string }[] = [];
    const stop = t.app.events.subscribe((e) => {
      if (e.type === 'order.updated') seen.push({ householdId: e.householdId, orderId: (e.payload as { orderId: string }).orderId });
    });
    try {
      const resA = await order(a, milkA, 2, 'order-0001');
      const resB = await order(b, milkB, 3, 'order-0001');
      expect([resA.statusCode, resB.statusCode]).toEqual([201, 201]);
      expect(resB.headers['idempotent-replayed']).toBeUndefined();
      const orderA = resA.json<{ id: string }>().id;
      const orderB = resB.json<{ id: string }>().id;

      await t.app.orders.processDue();
      expect(await sim.orderCount()).toBe(before + 2);
      const placedA = await t.app.orders.get(a.id, orderA);
      const placedB = await t.app.orders.get(b.id, orderB);
      expect(placedA).toMatchObject({ status: 'placed', quantity: 2 });
      expect(placedB).toMatchObject({ status: 'placed', quantity: 3 });
      expect(placedA.storeOrderRef).not.toBe(placedB.storeOrderRef);

      t.clock.advanceHours(25);
      await t.app.orders.processDue();
      expect((await t.app.orders.get(a.id, orderA)).status).toBe('delivered');
      expect((await t.app.orders.get(b.id, orderB)).status).toBe('delivered');
      // Each delivery raised its own home's level by what that home ordered (1 L packs).
      expect((await t.app.supplies.get(a.id, milkA)).level).toBe(7);
      expect((await t.app.supplies.get(b.id, milkB)).level).toBe(8);
      // Every event about an order went to that order's household only.
      expect(seen.filter((s) => s.orderId === orderA).every((s) => s.householdId === a.id)).toBe(true);
      expect(seen.filter((s) => s.orderId === orderB).every((s) => s.householdId === b.id)).toBe(true);
      expect(seen.filter((s) => s.orderId === orderB).length).toBeGreaterThanOrEqual(3);
    } finally {
      stop();
    }
  });

  it('reorder decisions, failures and their retries stay with the household whose supply it is', async () => {
    const sim = t.app.orders.stores.get('simulated') as SimulatedStore;
    const setup = async (h: typeof a) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/supplies',
        headers: h.auth,
        payload: { name: 'Coffee', unit: 'kg', capacity: 1, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'auto', cancelWindowHours: 0 } },
      });
      const supplyId = res.json<{ id: string }>().id;
      const device = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.auth, payload: { name: 'Scale', kind: 'scale', supplyIds: [supplyId] } });
      const { id, token } = device.json<{ id: string; token: string }>();
      return { supplyId, deviceId: id, auth: { authorization: `Bearer ${token}` } };
    };
    const sa = await setup(a);
    const sb = await setup(b);
    const notices: { householdId: string; key: string }[] = [];
    const stop = t.app.events.subscribe((e) => {
      if (e.type === 'notification') notices.push({ householdId: e.householdId, key: (e.payload as { key: string }).key });
    });
    try {
      // Both devices number their readings the same way; each reading is its own home's.
      for (const s of [sa, sb]) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/devices/${s.deviceId}/telemetry`,
          headers: s.auth,
          payload: { readings: [{ id: '1', supplyId: s.supplyId, level: 0.1, unit: 'kg', at: t.clock.now().toISOString() }] },
        });
        expect(res.json()).toMatchObject({ accepted: 1 });
      }
      const [orderA] = (await t.app.orders.list(a.id)).filter((o) => o.supplyId === sa.supplyId);
      const [orderB] = (await t.app.orders.list(b.id)).filter((o) => o.supplyId === sb.supplyId);
      expect(orderA).toMatchObject({ status: 'scheduled', reason: 'policy' });
      expect(orderB).toMatchObject({ status: 'scheduled', reason: 'policy' });
      expect(await t.app.orders.list(a.id)).not.toContainEqual(expect.objectContaining({ id: orderB.id }));

      // The store refuses the first order it is sent: only that home's supply is due again, only it is told.
      sim.failNext('rejected');
      await t.app.orders.processDue();
      const statuses = [(await t.app.orders.get(a.id, orderA.id)).status, (await t.app.orders.get(b.id, orderB.id)).status];
      expect([...statuses].sort()).toEqual(['failed', 'placed']);
      const failedHome = statuses[0] === 'failed' ? a.id : b.id;
      const [failedSupply, okSupply] = failedHome === a.id ? [sa.supplyId, sb.supplyId] : [sb.supplyId, sa.supplyId];
      const rows = await t.app.store.db.selectFrom('supplies').select(['id', 'household_id', 'reorder_after']).where('id', 'in', [failedSupply, okSupply]).execute();
      expect(rows.find((r) => r.id === failedSupply)).toMatchObject({ household_id: failedHome, reorder_after: expect.any(String) });
      expect(rows.find((r) => r.id === okSupply)?.reorder_after).toBeNull();
      expect(notices.filter((n) => n.key === 'orders.notify.failedRetry').map((n) => n.householdId)).toEqual([failedHome]);
    } finally {
      stop();
    }
  });
});

describe('household isolation over MQTT (local Mosquitto)', () => {
  const BROKER = process.env.MIROIR_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  const root = `miroir-iso-${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  let mqtt: MqttTelemetry;
  let publisher: MqttClient;
  beforeAll(async () => {
    t = await buildTestApp();
    mqtt = new MqttTelemetry(t.app.supplies, t.app.households, { url: BROKER, root });
    await mqtt.start();
    publisher = connect(BROKER);
    await new Promise<void>((resolve, reject) => {
      publisher.once('connect', () => resolve());
      publisher.once('error', reject);
    });
    await publisher.subscribeAsync(`${root}/+/devices/+/telemetry/result`, { qos: 1 });
  });
  afterAll(async () => {
    await publisher.endAsync();
    await mqtt.stop();
    await t.close();
  });

  const send = (householdId: string, deviceId: string, body: unknown): Promise<unknown> =>
    new Promise((resolve) => {
      const topic = `${root}/${householdId}/devices/${deviceId}/telemetry`;
      const onMessage = (received: string, payload: Buffer) => {
        if (received !== `${topic}/result`) return;
        publisher.off('message', onMessage);
        resolve(JSON.parse(payload.toString()));
      };
      publisher.on('message', onMessage);
      void publisher.publishAsync(topic, JSON.stringify(body), { qos: 1 });
    });

  it("lets no household's device, nor token, write another household's readings", async () => {
    const a = await t.household('Alpha');
    const b = await t.household('Beta');
    const bMilk = await createSupply(t, b, { name: 'Milk', unit: 'L', capacity: 2, level: 2, policy: { mode: 'auto' } });
    const bDevice = await createDevice(t, b, [bMilk.id]);
    const aMilk = await createSupply(t, a, { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const aDevice = await createDevice(t, a, [aMilk.id]);
    const reading = { id: 'r1', supplyId: bMilk.id, level: 0.1, unit: 'L', at: t.clock.now().toISOString() };
    const refused = { error: { code: 'UNAUTHORIZED' } };
    // A's device token on B's device topic; A's device under B's household; A's owner token; no token at all.
    expect(await send(b.id, bDevice.id, { readings: [reading], token: aDevice.token })).toEqual(refused);
    expect(await send(b.id, aDevice.id, { readings: [reading], token: aDevice.token })).toEqual(refused);
    expect(await send(b.id, bDevice.id, { readings: [reading], token: a.token })).toEqual(refused);
    expect(await send(b.id, bDevice.id, { readings: [reading] })).toEqual(refused);
    // B's own device token on A's topic, aimed at B's supply.
    expect(await send(a.id, bDevice.id, { readings: [reading], token: bDevice.token })).toEqual(refused);
    expect(await t.app.store.db.selectFrom('readings').select('id').where('supply_id', 'in', [bMilk.id, aMilk.id]).where('source', '=', 'device').execute()).toHaveLength(0);
    expect(await t.app.store.db.selectFrom('orders').select('id').where('household_id', 'in', [a.id, b.id]).execute()).toHaveLength(0);
    // A's device reporting A's supply into A's topic is the one way in.
    expect(await send(a.id, aDevice.id, { readings: [{ ...reading, supplyId: aMilk.id }], token: aDevice.token })).toMatchObject({ accepted: 1 });
  });
});
