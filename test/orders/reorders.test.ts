import type { Order } from '@server/orders/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, history, postTelemetry, type TestHousehold } from '@test/supplies/fixtures';

/** The reorder cycle over time: when a supply becomes due, and what happens when an order does not arrive. */
describeEachStore('reorders', (kind) => {
  let t: TestApp;
  let h: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    h = await t.household('Reorders', 'en-US');
  });
  afterAll(async () => t.close());

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
});
