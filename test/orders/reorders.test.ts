import type { DomainEvent } from '@server/core/events';
import type { SimulatedStore } from '@server/orders/stores/simulated';
import type { Order } from '@server/orders/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, history, postTelemetry, type TestHousehold } from '@test/supplies/fixtures';

/** The reorder cycle over time: when a supply becomes due, and what happens when an order does not arrive. */
describeEachStore('reorders', (kind) => {
  let t: TestApp;
  let h: TestHousehold;
  let sim: SimulatedStore;
  let events: DomainEvent[];
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    h = await t.household('Reorders', 'en-US');
    sim = t.app.orders.stores.get('simulated') as SimulatedStore;
    t.app.events.subscribe((e) => events.push(e));
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(async () => t.close());

  const notices = (key: string) =>
    events.filter((e) => e.type === 'notification' && (e.payload as { key: string }).key === key).map((e) => ({ householdId: e.householdId, ...(e.payload as { params: Record<string, unknown> }).params }));
  const reorderState = (supplyId: string) => t.app.store.db.selectFrom('supplies').select(['low_since', 'reorder_after', 'reorder_attempts']).where('id', '=', supplyId).executeTakeFirstOrThrow();

  const ordersOf = (supplyId: string): Promise<Order[]> => t.app.orders.list(h.id).then((all) => all.filter((o) => o.supplyId === supplyId));

  it('counts the cancel window in the lead time: auto-ordered milk arrives with the margin still in the fridge', async () => {
    // 0.25 L a day; the store delivers in one day; the order waits 24 h in the house first; one day of margin.
    const milk = await createSupply(t, h, { name: 'Milk timing', unit: 'L', capacity: 2, reorderPoint: 0, sku: 'milk-1l', marginDays: 1, policy: { mode: 'auto', cancelWindowHours: 24 } });
    const fridge = await createDevice(t, h, [milk.id]);
    await postTelemetry(t, fridge, history(milk.id, t.clock.now(), { from: 2, perDay: 0.25, days: 4, prefix: 'timing' }));
    let level = 1;
    let lastBeforeDelivery = level;
    let dueAtDaysLeft: number | null = null;
    // The fridge reports every six hours while the milk goes down; the background tick runs each time.
    for (let step = 0; step < 40; step++) {
      t.clock.advanceHours(6);
      level = Math.max(0, Math.round((level - 0.0625) * 10_000) / 10_000);
      const [current] = await ordersOf(milk.id);
      if (current?.status === 'delivered') break;
      lastBeforeDelivery = level;
      await postTelemetry(t, fridge, [{ id: `timing-step-${step}`, supplyId: milk.id, level, unit: 'L', at: t.clock.now().toISOString() }]);
      if (dueAtDaysLeft === null && (await ordersOf(milk.id)).length > 0) dueAtDaysLeft = (await t.app.supplies.get(h.id, milk.id)).daysLeft;
      await t.app.orders.processDue();
    }
    const [delivered] = await ordersOf(milk.id);
    expect(delivered).toMatchObject({ status: 'delivered', reason: 'policy' });
    // Due under window (1) + lead (1) + margin (1) days, so about a day of milk is left at the door.
    expect(dueAtDaysLeft).toBeGreaterThan(2);
    expect(dueAtDaysLeft).toBeLessThan(3);
    expect(lastBeforeDelivery).toBeGreaterThanOrEqual(0.18);
  });

  it('a failed auto order makes the supply due again, with a growing backoff and a notification saying when', async () => {
    const coffee = await createSupply(t, h, { name: 'Coffee retry', unit: 'kg', capacity: 1, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'auto', cancelWindowHours: 0 } });
    await t.app.supplies.update(h.id, coffee.id, { level: 0.2 });
    const [first] = await ordersOf(coffee.id);
    expect(first).toMatchObject({ status: 'scheduled', reason: 'policy' });
    sim.failNext('rejected');
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, first.id)).status).toBe('failed');
    expect(notices('orders.notify.failedRetry')).toEqual([{ householdId: h.id, name: 'Coffee retry', hours: 1 }]);
    // Not at once: after the backoff.
    await t.app.orders.processDue();
    expect(await ordersOf(coffee.id)).toHaveLength(1);
    // The tick after the backoff orders again (and, with no cancel window, sends it): it fails again.
    t.clock.advanceHours(1);
    sim.failNext('rejected');
    await t.app.orders.processDue();
    const second = (await ordersOf(coffee.id)).find((o) => o.id !== first.id)!;
    expect(second).toMatchObject({ status: 'failed', reason: 'policy', channel: 'system' });
    // The next try waits twice as long.
    expect(notices('orders.notify.failedRetry').at(-1)).toMatchObject({ hours: 2 });
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    expect(await ordersOf(coffee.id)).toHaveLength(2);
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    const third = (await ordersOf(coffee.id)).find((o) => o.id !== first.id && o.id !== second.id)!;
    expect(third.status).toBe('placed');

    // Delivered: the level recovers and the retry count starts over.
    t.clock.advanceHours(24 * 3);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, third.id)).status).toBe('delivered');
    expect(await reorderState(coffee.id)).toEqual({ low_since: null, reorder_after: null, reorder_attempts: 0 });
  });

  it('an order the store cancels makes the supply due again; a proposal a person declines does not come back in the same dip', async () => {
    const tabs = await createSupply(t, h, { name: 'Dish tablets', unit: 'pcs', capacity: 80, level: 80, reorderPoint: 10, sku: 'dish-tablets-40', policy: { mode: 'auto', cancelWindowHours: 0 } });
    await t.app.supplies.update(h.id, tabs.id, { level: 5 });
    await t.app.orders.processDue();
    const [first] = await ordersOf(tabs.id);
    expect(first.status).toBe('placed');
    expect(await t.app.orders.applyStoreStatus(first.id, 'cancelled')).toBe(true);
    expect(notices('orders.notify.cancelledByStoreRetry')).toEqual([{ householdId: h.id, name: 'Dish tablets', hours: 1 }]);
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    const again = (await ordersOf(tabs.id)).filter((o) => o.id !== first.id);
    expect(again).toHaveLength(1);

    const filter = await createSupply(t, h, { name: 'Filter declined', unit: 'cartridge', capacity: 1, level: 1, reorderPoint: 0, sku: 'water-filter', policy: { mode: 'ask' } });
    await t.app.supplies.update(h.id, filter.id, { level: 0 });
    const [proposal] = await ordersOf(filter.id);
    await t.app.orders.decline(h.id, proposal.id, 'mirror');
    t.clock.advanceHours(30);
    await t.app.orders.processDue();
    expect((await ordersOf(filter.id)).map((o) => o.status)).toEqual(['cancelled']);
  });
});
