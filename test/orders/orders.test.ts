import type { DomainEvent } from '@server/core/events';
import type { SimulatedStore } from '@server/orders/stores/simulated';
import type { Order } from '@server/orders/types';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, history, postTelemetry, type TestHousehold } from '@test/supplies/fixtures';

describeEachStore('orders', (kind) => {
  let t: TestApp;
  let h: TestHousehold;
  let events: DomainEvent[];
  let sim: SimulatedStore;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    h = await t.household('Orders', 'en-US');
    t.app.events.subscribe((e) => events.push(e));
    sim = t.app.orders.stores.get('simulated') as SimulatedStore;
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(async () => t.close());

  const order = (payload: unknown, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...h.auth, ...(key ? { 'idempotency-key': key } : {}) }, payload: payload as Record<string, unknown> });
  const ordersOf = (supplyId: string) => t.app.store.db.selectFrom('orders').selectAll().where('supply_id', '=', supplyId).execute();

  it('20 concurrent identical requests (same key) create exactly one order and all get it', async () => {
    const milk = await createSupply(t, h, { name: 'Milk A', unit: 'L', capacity: 2, level: 1, sku: 'milk-1l' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => order({ supplyId: milk.id, quantity: 2 }, 'key-identical-0001')));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const ids = new Set(responses.map((r) => (r.json() as Order).id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await ordersOf(milk.id)).toHaveLength(1);
    const outbox = await t.app.store.db.selectFrom('outbox').selectAll().where('order_id', '=', [...ids][0]).execute();
    expect(outbox).toHaveLength(1);
    const body = responses[0].json() as Order;
    expect(body).toMatchObject({ supplyId: milk.id, sku: 'milk-1l', quantity: 2, total: 2.3, currency: 'EUR', status: 'scheduled', reason: 'requested', channel: 'api' });
  });

  it('20 concurrent requests with different keys still make one order; the others are told it is in flight', async () => {
    const milk = await createSupply(t, h, { name: 'Milk B', unit: 'L', capacity: 2, level: 1, sku: 'milk-1l' });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => order({ supplyId: milk.id }, `key-distinct-${String(i).padStart(4, '0')}`)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(19);
    expect(refused[0].json().error.code).toBe('ALREADY_IN_FLIGHT');
    expect(await ordersOf(milk.id)).toHaveLength(1);
  });

  it('readings and people racing for the same supply still make one order in flight, and no errors', async () => {
    const milk = await createSupply(t, h, { name: 'Milk race', unit: 'L', capacity: 2, level: 2, reorderPoint: 0.5, sku: 'milk-1l', policy: { mode: 'auto' } });
    const device = await createDevice(t, h, [milk.id]);
    const at = t.clock.now().toISOString();
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => postTelemetry(t, device, [{ id: `race-${i}`, supplyId: milk.id, level: 0.2, unit: 'L', at }])),
      ...Array.from({ length: 10 }, (_, i) => order({ supplyId: milk.id }, `key-race-${String(i).padStart(6, '0')}`)),
    ]);
    expect(results.every((r) => [200, 201, 409].includes(r.statusCode))).toBe(true);
    const live = (await ordersOf(milk.id)).filter((o) => !['cancelled', 'failed', 'delivered'].includes(o.status));
    expect(live).toHaveLength(1);
  });

  it('the same key with a different body is refused and changes nothing', async () => {
    const eggs = await createSupply(t, h, { name: 'Eggs C', unit: 'pcs', capacity: 12, level: 2, sku: 'eggs-12', policy: { mode: 'notify' } });
    const first = await order({ supplyId: eggs.id, quantity: 1 }, 'key-reused-00001');
    expect(first.statusCode).toBe(201);
    const other = await order({ supplyId: eggs.id, quantity: 3 }, 'key-reused-00001');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ordersOf(eggs.id)).toHaveLength(1);
    const bad = await order({ supplyId: eggs.id, quantity: 0 }, 'key-reused-00002');
    expect(bad.statusCode).toBe(400);
    const extra = await order({ supplyId: eggs.id, price: 0 }, 'key-reused-00003');
    expect(extra.statusCode).toBe(400);
  });

  it('an auto order over a cap becomes a proposal', async () => {
    // Early in a month, so the monthly cap below sees one calendar month throughout.
    t.clock.set('2026-12-02T07:00:00Z');
    const ink = await createSupply(t, h, {
      name: 'Black ink D',
      unit: '%',
      capacity: 100,
      level: 60,
      reorderPoint: 15,
      sku: 'ink-black-xl',
      policy: { mode: 'auto', maxPerOrder: 20 },
    });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${ink.id}`, headers: h.auth, payload: { level: 10 } });
    const [proposal] = await ordersOf(ink.id);
    expect(proposal).toMatchObject({ status: 'proposed', reason: 'overPerOrderCap', total: 24.9 });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['stock.low', 'proposal.created', 'notification']));
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/proposals', headers: h.auth });
    expect(listed.json().proposals.map((p: Order) => p.id)).toContain(proposal.id);
    expect(await t.app.store.db.selectFrom('outbox').selectAll().where('order_id', '=', proposal.id).execute()).toHaveLength(0);

    // The monthly cap counts what this month already committed.
    const colour = await createSupply(t, h, {
      name: 'Colour ink D',
      unit: '%',
      capacity: 100,
      level: 60,
      reorderPoint: 15,
      sku: 'ink-colour',
      policy: { mode: 'auto', maxPerOrder: 40, maxPerMonth: 50 },
    });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${colour.id}`, headers: h.auth, payload: { level: 10 } });
    const [within] = await ordersOf(colour.id);
    expect(within).toMatchObject({ status: 'scheduled', reason: 'policy' });
    await t.app.orders.cancel(h.id, within.id, 'mirror');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${colour.id}`, headers: h.auth, payload: { level: 90 } });
    // A cancelled order spent nothing: the next dip is again within the cap.
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${colour.id}`, headers: h.auth, payload: { level: 10 } });
    const second = (await ordersOf(colour.id)).find((o) => o.status === 'scheduled')!;
    expect(second).toBeDefined();
    t.clock.advanceHours(25);
    await t.app.orders.processDue();
    t.clock.advanceHours(24 * 4);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, second.id)).status).toBe('delivered');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${colour.id}`, headers: h.auth, payload: { level: 10 } });
    const third = (await ordersOf(colour.id)).find((o) => o.id !== within.id && o.id !== second.id)!;
    expect(third).toMatchObject({ status: 'proposed', reason: 'overMonthlyCap' });
  });

  it('a cancel inside the window sends nothing to the store', async () => {
    const butter = await createSupply(t, h, { name: 'Butter E', unit: 'g', capacity: 500, level: 100, sku: 'butter-250g', policy: { cancelWindowHours: 24 } });
    const before = await sim.orderCount();
    const created = (await order({ supplyId: butter.id }, 'key-cancel-00001')).json() as Order;
    expect(created.status).toBe('scheduled');
    expect(created.quantity).toBe(2);
    t.clock.advanceHours(23);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, created.id)).status).toBe('scheduled');
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${created.id}/cancel`, headers: h.auth });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    t.clock.advanceHours(48);
    await t.app.orders.processDue();
    expect(await sim.orderCount()).toBe(before);
    expect((await t.app.orders.get(h.id, created.id)).status).toBe('cancelled');
    const audit = await t.app.orders.history(h.id, created.id);
    expect(audit.map((e) => [e.toStatus, e.actor, e.channel])).toEqual([
      ['approved', 'person', 'api'],
      ['scheduled', 'system', 'api'],
      ['cancelled', 'person', 'api'],
    ]);
  });

  it('takes an order from the window to the door; a delivery raises the level; too late to cancel once sent', async () => {
    const filter = await createSupply(t, h, { name: 'Water filter F', unit: 'L', capacity: 150, level: 20, sku: 'water-filter', policy: { cancelWindowHours: 2 } });
    const created = (await order({ supplyId: filter.id }, 'key-deliver-0001')).json() as Order;
    const before = await sim.orderCount();
    t.clock.advanceHours(2);
    const tick = await t.app.orders.processDue();
    expect(tick.dispatched).toBeGreaterThanOrEqual(1);
    expect(await sim.orderCount()).toBe(before + 1);
    const placed = await t.app.orders.get(h.id, created.id);
    expect(placed.status).toBe('placed');
    expect(placed.storeOrderRef).toMatch(/^SIM-/);
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${created.id}/cancel`, headers: h.auth });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('TOO_LATE_TO_CANCEL');
    const remove = await t.app.inject({ method: 'DELETE', url: `/api/v1/supplies/${filter.id}`, headers: h.auth });
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error.code).toBe('ORDER_AT_STORE');
    t.clock.advanceHours(40);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, created.id)).status).toBe('out_for_delivery');
    t.clock.advanceHours(10);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, created.id)).status).toBe('delivered');
    const supply = await t.app.supplies.get(h.id, filter.id);
    // A filter cartridge replaces the part: back to full capacity.
    expect(supply.level).toBe(150);
    const updates = events.filter((e) => e.type === 'order.updated').map((e) => e.payload as { orderId: string; supplyId: string; status: string });
    expect(updates.filter((u) => u.orderId === created.id).map((u) => u.status)).toEqual(['scheduled', 'placed', 'out_for_delivery', 'delivered']);
    // The filter was already low when created: the person's order superseded the waiting proposal.
    expect(updates.filter((u) => u.supplyId === filter.id && u.orderId !== created.id).map((u) => u.status)).toEqual(['cancelled']);
    const keys = events.filter((e) => e.type === 'notification').map((e) => (e.payload as { key: string }).key);
    expect(keys).toEqual(expect.arrayContaining(['orders.notify.placed', 'orders.notify.outForDelivery', 'orders.notify.delivered']));
    // A second tick changes nothing (no double delivery).
    await t.app.orders.processDue();
    expect((await t.app.supplies.get(h.id, filter.id)).level).toBe(150);
    const latest = await t.app.orders.latest(h.id);
    expect(latest?.id).toBeDefined();
  });

  it('proposals are approved or declined by a person, through the channel recorded', async () => {
    const eggs = await createSupply(t, h, { name: 'Eggs G', unit: 'pcs', capacity: 12, level: 12, reorderPoint: 3, sku: 'eggs-12', policy: { mode: 'ask' } });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${eggs.id}`, headers: h.auth, payload: { level: 2 } });
    const [proposal] = await t.app.orders.listProposals(h.id).then((ps) => ps.filter((p) => p.supplyId === eggs.id));
    expect(proposal).toMatchObject({ status: 'proposed', reason: 'askPolicy', quantity: 1 });
    const approved = await t.app.orders.approve(h.id, proposal.id, 'alexa');
    expect(approved.status).toBe('scheduled');
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/approve`, headers: h.auth });
    expect(again.statusCode).toBe(409);
    const audit = await t.app.orders.history(h.id, proposal.id);
    expect(audit.map((e) => [e.toStatus, e.actor, e.channel])).toEqual([
      ['proposed', 'system', 'system'],
      ['approved', 'person', 'alexa'],
      ['scheduled', 'system', 'alexa'],
    ]);
    await t.app.orders.cancel(h.id, proposal.id, 'google');
    // A dip already handled does not propose again until the level recovers.
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${eggs.id}`, headers: h.auth, payload: { level: 1 } });
    expect(await t.app.orders.listProposals(h.id).then((ps) => ps.filter((p) => p.supplyId === eggs.id))).toHaveLength(0);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${eggs.id}`, headers: h.auth, payload: { level: 12 } });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${eggs.id}`, headers: h.auth, payload: { level: 2 } });
    const [next] = await t.app.orders.listProposals(h.id).then((ps) => ps.filter((p) => p.supplyId === eggs.id));
    const declined = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${next.id}/decline`, headers: h.auth });
    expect(declined.json().status).toBe('cancelled');
    const other = await t.household('Other', 'en-US');
    const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${next.id}/approve`, headers: other.auth });
    expect(foreign.statusCode).toBe(404);
  });

  it('retries a store that is down with the same key, and fails an order the store refuses', async () => {
    const coffee = await createSupply(t, h, { name: 'Coffee H', unit: 'kg', capacity: 1, level: 0.2, sku: 'coffee-beans-1kg', policy: { cancelWindowHours: 0 } });
    const first = (await order({ supplyId: coffee.id }, 'key-retry-000001')).json() as Order;
    sim.failNext('unavailable', 2);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, first.id)).status).toBe('scheduled');
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, first.id)).status).toBe('placed');
    t.clock.advanceHours(24 * 3);
    await t.app.orders.processDue();
    const detergent = await createSupply(t, h, { name: 'Detergent H', unit: 'L', capacity: 2, level: 0.2, sku: 'detergent-2l', policy: { cancelWindowHours: 0 } });
    const refused = (await order({ supplyId: detergent.id }, 'key-retry-000002')).json() as Order;
    sim.failNext('rejected');
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, refused.id))).toMatchObject({ status: 'failed', failure: expect.stringContaining('rejected') });
  });

  it('time alone makes a supply due: no reading needed, the tick proposes', async () => {
    const milk = await createSupply(t, h, { name: 'Milk I', unit: 'L', capacity: 2, reorderPoint: 0.1, sku: 'milk-1l', policy: { mode: 'ask' }, marginDays: 1 });
    const device = await createDevice(t, h, [milk.id]);
    await postTelemetry(t, device, history(milk.id, t.clock.now(), { from: 2, perDay: 0.25, days: 4 }));
    const supply = await t.app.supplies.get(h.id, milk.id);
    expect(supply.daysLeft).toBeGreaterThan(3);
    expect(supply.daysLeft).toBeLessThan(5);
    expect(supply.reorderDue).toBe(false);
    t.clock.advanceHours(12);
    await t.app.orders.processDue();
    expect((await t.app.orders.listProposals(h.id)).filter((p) => p.supplyId === milk.id)).toHaveLength(0);
    // About 2.5 days left: under the 24 h cancel window plus the one-day lead time plus the one-day margin.
    t.clock.advanceHours(24);
    await t.app.orders.processDue();
    const proposals = (await t.app.orders.listProposals(h.id)).filter((p) => p.supplyId === milk.id);
    expect(proposals).toHaveLength(1);
    const quote = await t.app.orders.quote(h.id, milk.id);
    expect(quote).toMatchObject({ sku: 'milk-1l', productName: 'Semi-skimmed milk 1 L', unitPrice: 1.15, currency: 'EUR', leadDays: 1 });
  });

  it('reports cost per day of use only for products the household consumed', async () => {
    const fresh = await t.household('Costs', 'fr-FR');
    const milk = await createSupply(t, fresh, { name: 'Lait', unit: 'L', capacity: 2, reorderPoint: 0, sku: 'milk-1l', policy: { mode: 'notify' } });
    await createSupply(t, fresh, { name: 'Beurre', unit: 'g', capacity: 500, sku: 'butter-250g', policy: { mode: 'notify' } });
    const device = await createDevice(t, fresh, [milk.id]);
    await postTelemetry(t, device, history(milk.id, t.clock.now(), { from: 2, perDay: 0.25, days: 6 }));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/supplies/costs', headers: fresh.auth });
    expect(res.statusCode).toBe(200);
    const { costs } = res.json() as { costs: { sku: string; name: string; consumed: number; daysObserved: number; costPerDay: number }[] };
    expect(costs).toHaveLength(1);
    expect(costs[0]).toMatchObject({ sku: 'milk-1l', name: 'Lait demi-écrémé 1 L', currency: 'EUR', daysObserved: 6 });
    expect(costs[0].consumed).toBeCloseTo(1.5, 1);
    expect(costs[0].costPerDay).toBeCloseTo(0.25 * 1.15, 2);
  });

  it('searches the store catalogue in the household currency and finds supplies by spoken name', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/store/products?q=milk', headers: h.auth });
    expect(res.json().products.map((p: { sku: string }) => p.sku)).toEqual(['milk-1l', 'milk-6x1l']);
    const unknownStore = await t.app.inject({ method: 'GET', url: '/api/v1/store/products?store=nope', headers: h.auth });
    expect(unknownStore.statusCode).toBe(422);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: { name: 'X', unit: 'L', capacity: 1, sku: 'no-such-sku' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('UNKNOWN_PRODUCT');
  });
});
