import { WebhookStore } from '@server/orders/stores/webhook';
import type { Order } from '@server/orders/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createSupply, type TestHousehold } from '@test/supplies/fixtures';
import { StubStore } from './fixtures/stub-store';

const SECRET = 'test-shared-secret-0123456789';

describeEachStore('signed-webhook store', (kind) => {
  let t: TestApp;
  let h: TestHousehold;
  let stub: StubStore;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    stub = new StubStore(SECRET, () => t.clock.now().getTime());
    await stub.start();
    t.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET, leadDays: 2 }, t.clock));
    h = await t.household('Webhook', 'en-US');
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  const callback = (body: Record<string, unknown>, options: { at?: number; secret?: string; tamper?: boolean } = {}) => {
    const signed = stub.callback(body, options.at ?? t.clock.now().getTime(), options.secret);
    const payload = options.tamper ? signed.payload.replace('"shipped"', '"delivered"') : signed.payload;
    return t.app.inject({ method: 'POST', url: '/api/v1/orders/webhook/stub', headers: signed.headers, payload });
  };

  it('reads the catalogue with signed requests', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/store/products?store=stub&q=milk', headers: h.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().products).toEqual([{ sku: 'GRO-MILK-1L', name: 'Organic whole milk 1 L', price: 1.49, currency: 'EUR', packSize: 1, unit: 'L' }]);
    expect(stub.rejectedSignatures).toBe(0);
    // Signed with the wrong secret, the store refuses, and the caller gets a 502, not a crash.
    t.app.orders.stores.register(new WebhookStore({ id: 'stub-wrong', baseUrl: stub.url, secret: 'not-the-secret' }, t.clock));
    const wrong = await t.app.inject({ method: 'GET', url: '/api/v1/store/products?store=stub-wrong', headers: h.auth });
    expect(wrong.statusCode).toBe(502);
    expect(wrong.json().error.code).toBe('STORE_UNAVAILABLE');
    expect(stub.rejectedSignatures).toBe(1);
  });

  it('places with the idempotency key, retries a 503, follows verified callbacks to delivery', async () => {
    const milk = await createSupply(t, h, { name: 'Milk', unit: 'L', capacity: 4, level: 1, reorderPoint: 0.5, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'notify', cancelWindowHours: 1 } });
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...h.auth, 'idempotency-key': 'webhook-order-0001' }, payload: { supplyId: milk.id } });
    const order = created.json() as Order;
    expect(order).toMatchObject({ storeId: 'stub', sku: 'GRO-MILK-1L', quantity: 3, total: 4.47, status: 'scheduled' });
    t.clock.advanceHours(1);
    stub.failNext.push(503);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, order.id)).status).toBe('scheduled');
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    const placed = await t.app.orders.get(h.id, order.id);
    expect(placed).toMatchObject({ status: 'confirmed', storeOrderRef: 'STUB-1' });
    expect(stub.orders.get(order.id)?.body).toMatchObject({ orderId: order.id, sku: 'GRO-MILK-1L', quantity: 3, currency: 'EUR', total: 4.47 });

    const shipped = await callback({ orderId: order.id, ref: 'STUB-1', status: 'shipped' });
    expect(shipped.statusCode).toBe(200);
    expect(shipped.json()).toEqual({ changed: true });
    // A replay (same body, same signature) changes nothing.
    const replay = await callback({ orderId: order.id, ref: 'STUB-1', status: 'shipped' });
    expect(replay.json()).toEqual({ changed: false });
    // Tampered, stale, or signed with another secret: refused before anything is read.
    for (const bad of [
      await callback({ orderId: order.id, status: 'shipped' }, { tamper: true }),
      await callback({ orderId: order.id, status: 'delivered' }, { at: t.clock.now().getTime() - 10 * 60_000 }),
      await callback({ orderId: order.id, status: 'delivered' }, { secret: 'forged' }),
    ]) {
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error.code).toBe('BAD_SIGNATURE');
    }
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/orders/webhook/stub', headers: { 'content-type': 'application/json' }, payload: { orderId: order.id, status: 'delivered' } });
    expect(unsigned.statusCode).toBe(401);
    const unknownStore = await t.app.inject({ method: 'POST', url: '/api/v1/orders/webhook/nope', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(unknownStore.statusCode).toBe(404);
    const badBody = await callback({ orderId: order.id, status: 'teleported' });
    expect(badBody.statusCode).toBe(400);
    // Backwards is not a move.
    const backwards = await callback({ orderId: order.id, status: 'placed' });
    expect(backwards.json()).toEqual({ changed: false });
    expect((await t.app.orders.get(h.id, order.id)).status).toBe('shipped');

    const delivered = await callback({ orderId: order.id, ref: 'STUB-1', status: 'delivered' });
    expect(delivered.json()).toEqual({ changed: true });
    const supply = await t.app.supplies.get(h.id, milk.id);
    expect(supply.level).toBe(4);
    expect(stub.orders.size).toBe(1);
    const audit = await t.app.orders.history(h.id, order.id);
    expect(audit.map((e) => `${e.toStatus}:${e.actor}`)).toEqual(['approved:person', 'scheduled:system', 'placed:store', 'confirmed:store', 'shipped:store', 'delivered:store']);
  });
});
