import { WebhookStore } from '@server/orders/stores/webhook';
import type { Order } from '@server/orders/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, postTelemetry, type TestHousehold } from '@test/supplies/fixtures';
import { StubStore } from './fixtures/stub-store';

const SECRET = 'fetch-first-secret-00000000001';

/** Resolves to 'done' when `work` finishes within `ms`, else to 'blocked' (the work goes on). */
function within(ms: number, work: Promise<unknown>): Promise<'done' | 'blocked'> {
  return Promise.race([work.then(() => 'done' as const), new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), ms).unref())]);
}

/**
 * The store's catalogue is asked with no database transaction open: while a slow store answers,
 * the rest of the house (other writes on the same supply, other queries) goes on.
 */
describeEachStore('no store call inside a database transaction', (kind) => {
  let t: TestApp;
  let h: TestHousehold;
  let stub: StubStore;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    stub = new StubStore(SECRET, () => t.clock.now().getTime());
    await stub.start();
    t.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET, leadDays: 1 }, t.clock));
    h = await t.household('Fetch first', 'en-US');
  });
  afterEach(() => {
    stub.releaseProducts();
    stub.changes.clear();
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  it('a reading that makes a reorder due asks the price before any transaction: the supply stays writable meanwhile', async () => {
    const milk = await createSupply(t, h, { name: 'Slow-store milk', unit: 'L', capacity: 4, level: 3, reorderPoint: 1, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'auto' } });
    const fridge = await createDevice(t, h, [milk.id]);
    // Past the adapter's price cache: the reorder decision has to ask the store.
    t.clock.advanceHours(2);
    stub.holdProducts = true;
    const asked = stub.nextProductRequest();
    const posting = postTelemetry(t, fridge, [{ id: 'slow-1', supplyId: milk.id, level: 0.5, unit: 'L', at: t.clock.now().toISOString() }]);
    await asked;
    // The store is thinking. Another write on the very same supply, and a read, are not held up.
    expect(await within(2000, t.app.supplies.update(h.id, milk.id, { name: 'Milk (renamed)' }))).toBe('done');
    expect(await within(2000, t.app.supplies.list(h.id))).toBe('done');
    stub.releaseProducts();
    const res = await posting;
    expect(res.json()).toMatchObject({ accepted: 1 });
    const orders = (await t.app.orders.list(h.id)).filter((o) => o.supplyId === milk.id);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'scheduled', reason: 'policy', sku: 'GRO-MILK-1L', unitPrice: 1.49 });
  });

  it('a changed product is checked with its store before the update transaction opens', async () => {
    const supply = await createSupply(t, h, { name: 'Slow-store eggs', unit: 'pcs', capacity: 12, level: 12, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'notify' } });
    t.clock.advanceHours(2);
    stub.holdProducts = true;
    const asked = stub.nextProductRequest();
    const patching = t.app.supplies.update(h.id, supply.id, { sku: 'GRO-EGGS-6' });
    await asked;
    expect(await within(2000, t.app.supplies.list(h.id))).toBe('done');
    stub.releaseProducts();
    expect((await patching).sku).toBe('GRO-EGGS-6');
  });

  it('a delivery adds the pack size ordered, asking the store nothing inside its transaction', async () => {
    const milk = await createSupply(t, h, { name: 'Delivered milk', unit: 'L', capacity: 20, level: 2, reorderPoint: 1, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'notify', cancelWindowHours: 0 } });
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: h.auth, payload: { supplyId: milk.id, quantity: 2 } });
    const order = created.json() as Order;
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, order.id)).status).toBe('confirmed');
    // Today the shop sells that sku in packs of six, and it is slow to say so.
    stub.changes.set('GRO-MILK-1L', { packSize: 6 });
    t.clock.advanceHours(2);
    stub.holdProducts = true;
    const before = stub.productRequests;
    const signed = stub.callback({ orderId: order.id, ref: order.storeOrderRef ?? undefined, status: 'delivered' }, t.clock.now().getTime());
    const delivered = t.app.inject({ method: 'POST', url: '/api/v1/orders/webhook/stub', headers: signed.headers, payload: signed.payload });
    expect(await within(2000, delivered)).toBe('done');
    expect((await delivered).json()).toEqual({ changed: true });
    expect(stub.productRequests).toBe(before);
    // Two packs of one litre, as ordered: 2 + 2 = 4 L (today's pack size would have made it 14).
    expect((await t.app.supplies.get(h.id, milk.id)).level).toBe(4);
  });
});
