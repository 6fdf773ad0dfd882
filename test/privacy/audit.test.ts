import type { AuditEntry } from '@server/privacy/audit';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

type Entry = Omit<AuditEntry, 'id'>;

describeEachStore('privacy audit', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
  });
  afterAll(async () => t.close());

  const audit = async (auth: { authorization: string }, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/privacy/audit${query}`, headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json<{ entries: Entry[] }>().entries;
  };

  it('records who changed which consent, through which channel, and only real changes', async () => {
    const h = await t.household('Audited');
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { calendars: true, telemetry: false } });
    t.clock.advanceHours(1);
    // A header claiming to be the mirror claims nothing: the channel comes from the token's scope,
    // and the mirror's display token may not change consents at all.
    const phone = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth, payload: { scope: 'app', label: 'phone' } })).json<{ id: string; token: string }>();
    const display = await t.app.households.tokens.issue(h.id, 'display', null, 'mirror');
    const refused = await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: { authorization: `Bearer ${display}` }, payload: { calendars: false } });
    expect(refused.statusCode).toBe(403);
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: { authorization: `Bearer ${phone.token}`, 'x-miroir-client': 'mirror' }, payload: { calendars: false } });
    // Setting a consent to the state it already has is not a change.
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { calendars: false } });
    const entries = await audit(h.auth, '?kind=privacy');
    expect(entries.map((e) => [e.action, e.actor, e.channel, e.detail])).toEqual([
      ['consents.changed', 'household_token', 'api', { calendars: false }],
      ['consents.changed', 'household_token', 'api', { calendars: true }],
    ]);
    const rows = await t.app.store.db.selectFrom('privacy_audit').select('token_id').where('household_id', '=', h.id).orderBy('at', 'desc').execute();
    expect(rows[0].token_id).toBe(phone.id);
    expect(entries[0].at).toBe(t.clock.now().toISOString());
    // Paging backwards.
    expect((await audit(h.auth, `?kind=privacy&before=${encodeURIComponent(entries[0].at)}`)).map((e) => e.detail)).toEqual([{ calendars: true }]);
    expect(await audit(h.auth, '?limit=1')).toHaveLength(1);
    const other = await t.household('Neighbour');
    expect(await audit(other.auth)).toEqual([]);
    for (const bad of ['?limit=0', '?limit=100000', '?kind=everything', '?before=yesterday']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/privacy/audit${bad}`, headers: h.auth })).statusCode).toBe(400);
    }
  });

  it('shows every order transition and approval with its actor and channel', async () => {
    const h = await t.household('Shopper');
    const supply = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: { name: 'Milk', unit: 'L', capacity: 6, level: 1, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } } });
    expect(supply.statusCode).toBe(201);
    const order = await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...h.auth, 'idempotency-key': 'audit-order-1' }, payload: { supplyId: supply.json<{ id: string }>().id, quantity: 1 } });
    if (order.statusCode === 404) return; // orders capability not registered in this tree
    expect(order.statusCode).toBe(201);
    const orderId = order.json<{ id: string }>().id;
    t.clock.advanceHours(1);
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/cancel`, headers: h.auth });
    expect(cancel.statusCode).toBe(200);
    const entries = (await audit(h.auth, '?kind=order')).filter((e) => e.orderId === orderId);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]).toMatchObject({ kind: 'order', toStatus: 'cancelled' });
    for (const e of entries) {
      expect(e.actor).toMatch(/\S/);
      expect(e.channel).toMatch(/\S/);
      expect(e.action).toBe(`order.${e.toStatus}`);
    }
    // The same trail the orders capability shows per order.
    const perOrder = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${orderId}/events`, headers: h.auth });
    if (perOrder.statusCode === 200) expect(perOrder.json<{ events: unknown[] }>().events).toHaveLength(entries.length);
  });
});
