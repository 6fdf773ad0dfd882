import { WebhookStore } from '@server/orders/stores/webhook';
import type { Order } from '@server/orders/types';
import { inProcessFleet, type InProcessFleet } from '@test/fleet/support/in-process-fleet';
import { StubStore } from './fixtures/stub-store';

const SECRET = 'outbox-lease-test-secret-0001';

jest.setTimeout(60_000);

describe('the outbox shared by three instances on one PostgreSQL (SKIP LOCKED leases)', () => {
  let fleet: InProcessFleet;
  let stub: StubStore;
  beforeAll(async () => {
    fleet = await inProcessFleet(3);
    stub = new StubStore(SECRET, () => fleet.clock.now().getTime());
    await stub.start();
    for (const m of fleet.members) m.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET, leadDays: 1 }, fleet.clock));
  });
  afterAll(async () => {
    await fleet.close();
    await stub.stop();
  });

  it('twelve orders, every instance dispatching at once: each sent to the store once, shared among them', async () => {
    const first = fleet.members[0].app;
    const created = await first.households.create({ name: 'Busy home', locale: 'en-US' });
    const auth = { authorization: `Bearer ${created.token}` };
    const orders: Order[] = [];
    for (let i = 0; i < 12; i++) {
      const supply = await first.supplies.create(created.household.id, {
        name: `Milk ${i}`,
        unit: 'L',
        capacity: 2,
        level: 1,
        sku: 'GRO-MILK-1L',
        storeId: 'stub',
        policy: { mode: 'notify', cancelWindowHours: 0 },
      });
      const res = await first.inject({ method: 'POST', url: '/api/v1/orders', headers: auth, payload: { supplyId: supply.id } });
      expect(res.statusCode).toBe(201);
      orders.push(res.json() as Order);
    }
    stub.answerDelayMs = 30;
    const passes = await Promise.all(fleet.members.map((m) => m.app.orders.dispatchDue()));
    expect(passes.reduce((n, p) => n + p.dispatched, 0)).toBe(12);
    expect(stub.orderRequests).toBe(12);
    expect([...stub.requestsByKey.values()].every((n) => n === 1)).toBe(true);
    const rows = await fleet.members[0].store.db.selectFrom('outbox').select(['done_at', 'leased_by', 'lease_until']).execute();
    expect(rows.every((r) => r.done_at !== null && r.lease_until === null)).toBe(true);
    // The work was spread: more than one instance sent orders.
    expect(new Set(rows.map((r) => r.leased_by)).size).toBeGreaterThan(1);
    for (const order of orders) {
      const now = await first.orders.get(created.household.id, order.id);
      expect(now.status).toBe('confirmed');
    }
  });
});
