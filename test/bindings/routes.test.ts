import type { DomainEvent } from '@server/core/events';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, type TestHousehold } from '@test/supplies/fixtures';
import { BROKER, createBinding } from './support';

describeEachStore('bindings routes', (kind) => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind, env: { MQTT_URL: BROKER } });
    a = await t.household('A', 'fr-FR');
    b = await t.household('B', 'en-US');
  });
  afterAll(async () => t.close());

  const post = (h: TestHousehold, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/bindings', headers: h.auth, payload: payload as object });
  const bindingRows = () => t.app.store.db.selectFrom('device_bindings').selectAll().execute();

  it('creates, lists, edits and deletes a binding; creating one links the device to the supply', async () => {
    const events: DomainEvent[] = [];
    const unsubscribe = t.app.events.subscribe((e) => events.push(e));
    const flour = await createSupply(t, a, { name: 'Farine', unit: 'g', capacity: 1000 });
    const device = await createDevice(t, a, [], 'Balance');
    const created = await createBinding(t, a, { deviceId: device.id, supplyId: flour.id, topic: 'tele/balance/SENSOR', pointer: '/HX711/Weight', unit: 'kg', offset: -0.2 });
    expect(created).toEqual({
      id: expect.any(String),
      deviceId: device.id,
      supplyId: flour.id,
      topic: 'tele/balance/SENSOR',
      pointer: '/HX711/Weight',
      unit: 'kg',
      scale: 1,
      offset: -0.2,
      minIntervalSeconds: 60,
      createdAt: t.clock.now().toISOString(),
      lastMessage: null,
    });
    expect((await t.app.supplies.get(a.id, flour.id)).deviceIds).toEqual([device.id]);
    unsubscribe();
    expect(events).toContainEqual(expect.objectContaining({ type: 'supply.changed', householdId: a.id, payload: { supplyId: flour.id, change: 'updated' } }));
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/bindings', headers: a.auth });
    expect(list.json()).toEqual({ bindings: [expect.objectContaining({ id: created.id })] });
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/bindings/${created.id}`, headers: a.auth, payload: { offset: -0.25, minIntervalSeconds: 300 } });
    expect(patched.json()).toMatchObject({ offset: -0.25, minIntervalSeconds: 300, pointer: '/HX711/Weight' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/bindings/${created.id}`, headers: a.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/bindings/${created.id}`, headers: a.auth })).statusCode).toBe(404);
  });

  it('refuses bad input with a 4xx error body and changes nothing', async () => {
    const milk = await createSupply(t, a, { name: 'Lait', unit: 'L', capacity: 2 });
    const device = await createDevice(t, a, []);
    const ok = { deviceId: device.id, supplyId: milk.id, topic: 'zigbee2mqtt/fridge', pointer: '/level', unit: 'ml' };
    const before = await bindingRows();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...ok, topic: '#' }, 400, 'BAD_TOPIC'],
      [{ ...ok, topic: '+/sensor/x/state' }, 400, 'BAD_TOPIC'],
      [{ ...ok, topic: 'miroir/+/devices/+/telemetry' }, 400, 'BAD_TOPIC'],
      [{ ...ok, topic: '$SYS/broker/load' }, 400, 'BAD_TOPIC'],
      [{ ...ok, topic: 'zigbee2mqtt/#/x' }, 400, 'BAD_TOPIC'],
      [{ ...ok, topic: 'zigbee2mqtt/fr+dge' }, 400, 'BAD_TOPIC'],
      [{ ...ok, pointer: 'level' }, 400, 'BAD_POINTER'],
      [{ ...ok, pointer: '/a~2b' }, 400, 'BAD_POINTER'],
      [{ ...ok, unit: 'kg' }, 400, 'WRONG_UNIT'],
      [{ ...ok, unit: 'cm' }, 400, 'WRONG_UNIT'],
      [{ ...ok, scale: 0 }, 400, 'ZERO_SCALE'],
      [{ ...ok, scale: '2' }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, minIntervalSeconds: -1 }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, extra: true }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, topic: '' }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, deviceId: 'nope' }, 404, 'NOT_FOUND'],
      [{ ...ok, supplyId: 'nope' }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(a, body);
      expect({ body, status: res.statusCode, code: (res.json() as { error: { code: string } }).error.code }).toEqual({ body, status, code });
      expect((res.json() as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }
    expect(await bindingRows()).toEqual(before);
    await createBinding(t, a, ok);
    const twice = await post(a, ok);
    expect([twice.statusCode, (twice.json() as { error: { code: string } }).error.code]).toEqual([409, 'DUPLICATE']);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/bindings/${(await createBinding(t, a, { ...ok, pointer: '/other' })).id}`, headers: a.auth, payload: { unit: 'kg' } });
    expect(patch.statusCode).toBe(400);
    expect((patch.json() as { error: { code: string } }).error.code).toBe('WRONG_UNIT');
  });

  it("keeps each household to its own bindings, devices and supplies", async () => {
    const milk = await createSupply(t, a, { name: 'Lait 2', unit: 'L', capacity: 2 });
    const device = await createDevice(t, a, []);
    const mine = await createBinding(t, a, { deviceId: device.id, supplyId: milk.id, topic: 'esphome-a/sensor/milk/state', pointer: '', unit: 'L' });
    const theirSupply = await createSupply(t, b, { name: 'Milk', unit: 'L', capacity: 2 });
    const theirDevice = await createDevice(t, b, []);
    expect((await post(b, { deviceId: device.id, supplyId: theirSupply.id, topic: 'x/y', pointer: '', unit: 'L' })).statusCode).toBe(404);
    expect((await post(b, { deviceId: theirDevice.id, supplyId: milk.id, topic: 'x/y', pointer: '', unit: 'L' })).statusCode).toBe(404);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/api/v1/bindings/${mine.id}`, headers: b.auth, ...(method === 'PATCH' ? { payload: { scale: 2 } } : {}) });
      expect({ method, status: res.statusCode }).toEqual({ method, status: 404 });
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/bindings', headers: b.auth })).json()).toEqual({ bindings: [] });
    // A device token cannot manage bindings.
    const asDevice = await t.app.inject({ method: 'GET', url: '/api/v1/bindings', headers: { authorization: `Bearer ${device.token}` } });
    expect(asDevice.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/bindings' })).statusCode).toBe(401);
  });

  it('goes with its supply or its device', async () => {
    const soap = await createSupply(t, a, { name: 'Savon', unit: 'ml', capacity: 500 });
    const device = await createDevice(t, a, []);
    const binding = await createBinding(t, a, { deviceId: device.id, supplyId: soap.id, topic: 'soap/state', pointer: '', unit: 'ml' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/supplies/${soap.id}`, headers: a.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/bindings/${binding.id}`, headers: a.auth })).statusCode).toBe(404);
    expect(await t.app.bindings.handleMessage('soap/state', '100')).toEqual([]);
  });
});
