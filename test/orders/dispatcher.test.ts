import { MAX_ATTEMPTS } from '@server/orders/dispatcher';
import type { OrderStatus } from '@server/orders/state-machine';
import type { PlaceReceipt, Product, StoreAdapter } from '@server/orders/stores/types';
import { WebhookStore } from '@server/orders/stores/webhook';
import type { Order } from '@server/orders/types';
import type { DomainEvent } from '@server/core/events';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createSupply, type TestHousehold } from '@test/supplies/fixtures';
import { StubStore } from './fixtures/stub-store';

const SECRET = 'dispatcher-test-secret-000001';

/**
 * A third-party store adapter with a bug: it throws what no adapter should (a TypeError), when
 * placing or when asked about an order. It stands for code outside the house's control.
 */
class BuggyStore implements StoreAdapter {
  readonly id = 'buggy';
  placeThrows = false;
  async search(): Promise<Product[]> {
    return [];
  }
  async product(sku: string, currency: string): Promise<Product | null> {
    return { sku, name: 'Buggy milk', price: 1, currency, packSize: 1, unit: 'L' };
  }
  leadDays(): number {
    return 1;
  }
  async place(): Promise<PlaceReceipt> {
    if (this.placeThrows) throw new TypeError("Cannot read properties of undefined (reading 'ref')");
    return { ref: 'BUGGY-1', status: 'placed' };
  }
  async status(): Promise<OrderStatus | null> {
    throw new TypeError("Cannot read properties of undefined (reading 'state')");
  }
}

describeEachStore('the outbox and delivery tracking handle each order on its own', (kind) => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  let stub: StubStore;
  let buggy: BuggyStore;
  let events: DomainEvent[];
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    stub = new StubStore(SECRET, () => t.clock.now().getTime());
    await stub.start();
    t.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET, leadDays: 1 }, t.clock));
    buggy = new BuggyStore();
    t.app.orders.stores.register(buggy);
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'fr-FR');
    t.app.events.subscribe((e) => events.push(e));
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  const orderNow = async (h: TestHousehold, body: Record<string, unknown>): Promise<Order> => {
    const supply = await createSupply(t, h, { unit: 'L', capacity: 4, level: 3, reorderPoint: 0.5, policy: { mode: 'notify', cancelWindowHours: 0 }, ...body });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: h.auth, payload: { supplyId: supply.id, quantity: 1 } });
    expect(res.statusCode).toBe(201);
    return res.json() as Order;
  };
  const outboxOf = (orderId: string) => t.app.store.db.selectFrom('outbox').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();

  it('a store answering 200 with HTML fails only its own order, after its attempts with backoff, and tells that household', async () => {
    stub.htmlAnswers = true;
    try {
      const broken = await orderNow(a, { name: 'Milk at the broken store', sku: 'GRO-MILK-1L', storeId: 'stub' });
      t.clock.advance(1000);
      const other = await orderNow(b, { name: 'Lait', sku: 'milk-1l' });
      t.clock.advance(1000);

      const first = await t.app.orders.processDue();
      expect(first).toMatchObject({ dispatched: 1, failed: 0 });
      expect((await t.app.orders.get(b.id, other.id)).status).toBe('placed');
      expect((await t.app.orders.get(a.id, broken.id)).status).toBe('scheduled');
      expect(await outboxOf(broken.id)).toMatchObject({ attempts: 1, done_at: null, last_error: expect.stringContaining('not JSON') });

      for (let i = 0; i < 20 && (await t.app.orders.get(a.id, broken.id)).status === 'scheduled'; i++) {
        t.clock.advanceHours(1);
        await t.app.orders.processDue();
      }
      expect(await t.app.orders.get(a.id, broken.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('not JSON') });
      expect(await outboxOf(broken.id)).toMatchObject({ attempts: MAX_ATTEMPTS, done_at: expect.any(String) });
      expect(stub.orderRequests).toBe(MAX_ATTEMPTS);
      const failedNotices = events.filter((e) => e.type === 'notification' && (e.payload as { key: string }).key === 'orders.notify.failed');
      expect(failedNotices.map((e) => e.householdId)).toEqual([a.id]);
    } finally {
      stub.htmlAnswers = false;
    }
  });

  it('an unexpected error from an adapter is a retriable failure of that order, not the end of the pass', async () => {
    buggy.placeThrows = true;
    try {
      const broken = await orderNow(a, { name: 'Milk at the buggy store', sku: 'any', storeId: 'buggy' });
      t.clock.advance(1000);
      const other = await orderNow(b, { name: 'Lait 2', sku: 'milk-1l' });
      t.clock.advance(1000);
      await t.app.orders.processDue();
      expect((await t.app.orders.get(b.id, other.id)).status).toBe('placed');
      expect((await t.app.orders.get(a.id, broken.id)).status).toBe('scheduled');
      const item = await outboxOf(broken.id);
      expect(item).toMatchObject({ attempts: 1, done_at: null, last_error: 'unexpected error (TypeError)' });
      // The next attempt waits out the backoff.
      expect(Date.parse(item.available_at)).toBeGreaterThan(t.clock.now().getTime());
    } finally {
      buggy.placeThrows = false;
    }
  });

  it('a store that cannot say where one order is does not hold back the deliveries of other homes', async () => {
    const stuck = await orderNow(a, { name: 'Milk tracked by the buggy store', sku: 'any', storeId: 'buggy' });
    const other = await orderNow(b, { name: 'Lait 3', sku: 'milk-1l' });
    await t.app.orders.processDue();
    expect((await t.app.orders.get(a.id, stuck.id)).status).toBe('placed');
    t.clock.advanceHours(25);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(b.id, other.id)).status).toBe('delivered');
    expect((await t.app.orders.get(a.id, stuck.id)).status).toBe('placed');
  });
});
