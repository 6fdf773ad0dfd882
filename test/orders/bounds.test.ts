import { AppError } from '@server/core/errors';
import { WebhookStore } from '@server/orders/stores/webhook';
import type { Order } from '@server/orders/types';
import type { DomainEvent } from '@server/core/events';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createSupply, type TestHousehold } from '@test/supplies/fixtures';
import { StubStore } from './fixtures/stub-store';

const SECRET = 'bounds-test-secret-0000000001';

/** What a person orders is held to the same bounds as what automation orders. */
describeEachStore('orders from a person are bounded', (kind) => {
  let t: TestApp;
  let h: TestHousehold;
  let stub: StubStore;
  let events: DomainEvent[];
  beforeAll(async () => {
    // Early in a month, so monthly caps see one calendar month throughout.
    t = await buildTestApp({ store: kind, now: '2026-12-02T07:00:00Z' });
    stub = new StubStore(SECRET, () => t.clock.now().getTime());
    await stub.start();
    t.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET, leadDays: 1 }, t.clock));
    h = await t.household('Bounds', 'en-US');
    t.app.events.subscribe((e) => events.push(e));
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  const post = (payload: Record<string, unknown>, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...h.auth, ...(key ? { 'idempotency-key': key } : {}) }, payload });
  const ordersOf = async (supplyId: string) => (await t.app.orders.list(h.id)).filter((o) => o.supplyId === supplyId);
  const codeOf = async (work: Promise<unknown>): Promise<string> => {
    try {
      await work;
    } catch (err) {
      if (err instanceof AppError) return err.code;
      throw err;
    }
    return 'NO_ERROR';
  };

  it('bounds the quantity in the service, whatever the channel', async () => {
    const milk = await createSupply(t, h, { name: 'Milk Q', unit: 'L', capacity: 2, level: 1, sku: 'milk-1l', policy: { mode: 'notify' } });
    for (const quantity of [99, 21, 0, 2.5]) {
      expect(await codeOf(t.app.orders.create(h.id, { supplyId: milk.id, quantity, idempotencyKey: `bounds-q-${quantity}`, channel: 'alexa' }))).toBe('QUANTITY_OUT_OF_RANGE');
      expect(await codeOf(t.app.orders.quote(h.id, milk.id, quantity))).toBe('QUANTITY_OUT_OF_RANGE');
    }
    expect(await ordersOf(milk.id)).toHaveLength(0);
    const ok = await t.app.orders.create(h.id, { supplyId: milk.id, quantity: 20, idempotencyKey: 'bounds-q-20', channel: 'alexa' });
    expect(ok.order.quantity).toBe(20);
  });

  it("holds a person's order to the per-order cap unless the request says explicitly to go over it", async () => {
    const milk = await createSupply(t, h, { name: 'Milk C', unit: 'L', capacity: 10, level: 1, sku: 'milk-1l', policy: { mode: 'notify', maxPerOrder: 5 } });
    const quote = await t.app.inject({ method: 'POST', url: '/api/v1/orders/quote', headers: h.auth, payload: { supplyId: milk.id, quantity: 5 } });
    expect(quote.json()).toMatchObject({ total: 5.75, overCap: 'overPerOrderCap', packSize: 1, packUnit: 'L' });
    const refused = await post({ supplyId: milk.id, quantity: 5 }, 'bounds-cap-0001');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('OVER_PER_ORDER_CAP');
    expect(refused.json().error.message).toContain('5');
    expect(await ordersOf(milk.id)).toHaveLength(0);
    const within = await t.app.inject({ method: 'POST', url: '/api/v1/orders/quote', headers: h.auth, payload: { supplyId: milk.id, quantity: 4 } });
    expect(within.json().overCap).toBeNull();
    const explicit = await post({ supplyId: milk.id, quantity: 5, overrideCap: true }, 'bounds-cap-0002');
    expect(explicit.statusCode).toBe(201);
    const audit = await t.app.orders.history(h.id, explicit.json<Order>().id);
    expect(audit[0]).toMatchObject({ toStatus: 'approved', actor: 'person', detail: 'overPerOrderCap: confirmed explicitly' });
  });

  it("holds a person's order to the monthly cap, counting what the month already spent", async () => {
    const eggs = await createSupply(t, h, { name: 'Eggs M', unit: 'pcs', capacity: 36, level: 2, sku: 'eggs-12', policy: { mode: 'notify', maxPerMonth: 10, cancelWindowHours: 0 } });
    const first = await post({ supplyId: eggs.id, quantity: 2 }, 'bounds-month-01');
    expect(first.statusCode).toBe(201);
    await t.app.orders.processDue();
    t.clock.advanceHours(25);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, first.json<Order>().id)).status).toBe('delivered');
    const over = await post({ supplyId: eggs.id, quantity: 1 }, 'bounds-month-02');
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('OVER_MONTHLY_CAP');
    expect((await ordersOf(eggs.id)).map((o) => o.status)).toEqual(['delivered']);
    expect((await post({ supplyId: eggs.id, quantity: 1, overrideCap: true }, 'bounds-month-03')).statusCode).toBe(201);
  });

  it('refuses an order whose price now differs from the one the person confirmed', async () => {
    const butter = await createSupply(t, h, { name: 'Butter P', unit: 'g', capacity: 500, level: 100, sku: 'butter-250g', policy: { mode: 'notify' } });
    const stale = await post({ supplyId: butter.id, quantity: 1, total: 2.1 }, 'bounds-price-01');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'PRICE_CHANGED', message: expect.stringContaining('2.6') });
    expect(await ordersOf(butter.id)).toHaveLength(0);
    const agreed = await post({ supplyId: butter.id, quantity: 1, total: 2.6 }, 'bounds-price-02');
    expect(agreed.statusCode).toBe(201);
    expect(agreed.json()).toMatchObject({ total: 2.6, quantity: 1 });
  });

  it('never approves a proposal at an old price: it is repriced and asked again', async () => {
    const milk = await createSupply(t, h, { name: 'Stub milk', unit: 'L', capacity: 4, level: 3, reorderPoint: 1, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'ask' } });
    await t.app.supplies.update(h.id, milk.id, { level: 1 });
    const [proposal] = await t.app.orders.listProposals(h.id).then((ps) => ps.filter((p) => p.supplyId === milk.id));
    expect(proposal).toMatchObject({ status: 'proposed', quantity: 3, total: 4.47 });
    // The shop raises its price; an hour later the cached price is stale.
    stub.changes.set('GRO-MILK-1L', { price: 1.99 });
    t.clock.advanceHours(2);
    try {
      const approve = (body?: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/approve`, headers: h.auth, ...(body ? { payload: body } : {}) });
      const refused = await approve();
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('PRICE_CHANGED');
      const repriced = await t.app.orders.get(h.id, proposal.id);
      expect(repriced).toMatchObject({ status: 'proposed', total: 5.97, unitPrice: 1.99 });
      expect(events.some((e) => e.type === 'order.updated' && (e.payload as { orderId: string }).orderId === proposal.id)).toBe(true);
      // What the person saw was the old price: still refused.
      expect((await approve({ total: 4.47 })).statusCode).toBe(409);
      const approved = await approve({ total: 5.97 });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'scheduled', total: 5.97 });
    } finally {
      stub.changes.clear();
    }
  });

  it('withdraws a proposal nobody answered; it stops blocking the auto reorder', async () => {
    // Over the per-order cap, the auto policy proposes; then the household raises the cap.
    const milk = await createSupply(t, h, { name: 'Milk E', unit: 'L', capacity: 4, level: 3, reorderPoint: 1, sku: 'milk-1l', policy: { mode: 'auto', maxPerOrder: 1 } });
    await t.app.supplies.update(h.id, milk.id, { level: 1 });
    const [proposal] = await ordersOf(milk.id);
    expect(proposal).toMatchObject({ status: 'proposed', reason: 'overPerOrderCap', expiresAt: expect.any(String) });
    await t.app.supplies.update(h.id, milk.id, { policy: { maxPerOrder: 50 } });
    await t.app.orders.processDue();
    expect((await ordersOf(milk.id)).map((o) => o.status)).toEqual(['proposed']);

    t.clock.advanceHours(49);
    expect((await t.app.orders.listProposals(h.id)).map((p) => p.id)).not.toContain(proposal.id);
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/approve`, headers: h.auth });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('PROPOSAL_EXPIRED');
    await t.app.orders.processDue();
    expect((await t.app.orders.get(h.id, proposal.id)).status).toBe('cancelled');
    expect((await t.app.orders.history(h.id, proposal.id)).at(-1)).toMatchObject({ toStatus: 'cancelled', actor: 'system', detail: 'expired' });
    expect(events.some((e) => e.type === 'notification' && (e.payload as { key: string }).key === 'orders.notify.proposalExpired')).toBe(true);
    // The supply is still low: once the backoff is over, the auto policy orders within the new cap.
    t.clock.advanceHours(1);
    await t.app.orders.processDue();
    const live = (await ordersOf(milk.id)).filter((o) => o.id !== proposal.id);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ status: 'scheduled', reason: 'policy', channel: 'system' });
  });
});
