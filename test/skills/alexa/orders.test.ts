import { WebhookStore } from '@server/orders/stores/webhook';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { StubStore } from '@test/orders/fixtures/stub-store';
import { SKILL_ID, intentRequest, sessionEndedRequest, type EnvelopeOptions } from '../helpers/alexa-envelopes';
import { askAlexa, linkAlexaUser, spoken } from '../helpers/skill-app';

/** Supplies and orders by voice: nothing is ordered without a yes to a spoken product, quantity and price. */
describe('POST /alexa: supplies and orders', () => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let milkId: string;
  const USER = 'amzn1.ask.account.ORDERS';
  const SESSION = 'amzn1.echo-api.session.orders-1';
  const opts = (extra: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: t.clock.now().toISOString(), userId: USER, sessionId: SESSION, locale: 'fr-FR', ...extra });
  const orders = async () => t.app.orders.list(home.id);
  const orderMilk = (extra: Partial<EnvelopeOptions>, confirmationStatus: 'NONE' | 'CONFIRMED' | 'DENIED', quantity = '2') =>
    askAlexa(t, intentRequest(opts(extra), 'ReorderSupply', { supply: { value: 'lait', id: 'milk', type: 'MIROIR_SUPPLY' }, quantity: { value: quantity } }, { dialogState: confirmationStatus === 'NONE' ? 'STARTED' : 'IN_PROGRESS', confirmationStatus }));

  beforeAll(async () => {
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    home = await t.household('Maison Martin', 'fr-FR');
    // Milk is full enough for now; coffee is low but only tells (no order is proposed for it).
    milkId = (await t.app.supplies.create(home.id, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } })).id;
    await t.app.supplies.create(home.id, { name: 'Café', unit: 'kg', capacity: 2, level: 0.2, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'notify' } });
    await linkAlexaUser(t, home.auth, { userId: USER });
  });
  afterAll(async () => t.close());

  it('says what is running low, as the supplies service judges it', async () => {
    const fr = await askAlexa(t, intentRequest(opts(), 'RunningLow'));
    expect(spoken(fr)).toBe('Une chose va manquer : Café.');
    const en = await askAlexa(t, intentRequest(opts({ locale: 'en-GB' }), 'RunningLow'));
    expect(spoken(en)).toBe('One thing is running low: Café.');
  });

  it('asks to confirm product, quantity and price, and orders nothing before the yes', async () => {
    const reply = await orderMilk({}, 'NONE');
    expect(spoken(reply)).toBe('2 × Lait demi-écrémé 1 L pour 2,30 €. Je commande ?');
    expect(reply.response.directives?.[0]).toMatchObject({ type: 'Dialog.ConfirmIntent', updatedIntent: { name: 'ReorderSupply' } });
    expect(reply.response.shouldEndSession).toBe(false);
    expect(await orders()).toHaveLength(0);
  });

  it('orders nothing when the answer is no', async () => {
    const reply = await orderMilk({}, 'DENIED');
    expect(spoken(reply)).toBe('D&apos;accord, je n&apos;ai rien commandé.');
    expect(await orders()).toHaveLength(0);
  });

  it('orders nothing on a yes that no question of this session asked', async () => {
    // A forged or replayed CONFIRMED with no quote pending re-quotes instead of ordering.
    const reply = await orderMilk({ sessionId: 'amzn1.echo-api.session.other' }, 'CONFIRMED');
    expect(reply.response.directives?.[0].type).toBe('Dialog.ConfirmIntent');
    expect(await orders()).toHaveLength(0);
  });

  it('orders exactly what was quoted on the yes, once even if the yes is retried', async () => {
    await orderMilk({}, 'NONE');
    // The re-sent slots say 5; the quote said 2: the quote is what was agreed.
    const yes = await orderMilk({}, 'CONFIRMED', '5');
    expect(spoken(yes)).toContain('2 × Lait demi-écrémé 1 L pour 2,30 € est commandé');
    const placed = await orders();
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ supplyId: milkId, quantity: 2, total: 2.3, channel: 'alexa' });
    await orderMilk({}, 'CONFIRMED');
    expect(await orders()).toHaveLength(1);
  });

  it('says where the last order is', async () => {
    const fr = await askAlexa(t, intentRequest(opts(), 'OrderStatus'));
    expect(spoken(fr)).toBe('Ta dernière commande, 2 × Lait, est programmée.');
    const en = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'OrderStatus'));
    expect(spoken(en)).toBe('Your last order, 2 × Lait, is scheduled.');
  });

  it('cancels the last order only after a yes', async () => {
    const ask = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'CancelLastOrder', {}, { dialogState: 'STARTED' }));
    expect(spoken(ask)).toBe('Your last order is 2 × Lait for €2.30. Shall I cancel it?');
    expect((await orders())[0].status).toBe('scheduled');
    const no = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'CancelLastOrder', {}, { confirmationStatus: 'DENIED' }));
    expect(spoken(no)).toBe('OK, the order stays as it is.');
    expect((await orders())[0].status).toBe('scheduled');
    await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'CancelLastOrder', {}, { dialogState: 'STARTED' }));
    const yes = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'CancelLastOrder', {}, { confirmationStatus: 'CONFIRMED' }));
    expect(spoken(yes)).toBe('Cancelled: 2 × Lait.');
    expect((await orders())[0].status).toBe('cancelled');
  });

  it('takes a new quote in the same session as a new order, never as a replay of the cancelled one', async () => {
    // A minute later, so "the last order" is unambiguous.
    t.clock.advance(60_000);
    await orderMilk({}, 'NONE', '1');
    const yes = await orderMilk({}, 'CONFIRMED', '1');
    expect(spoken(yes)).toContain('1 × Lait demi-écrémé 1 L pour 1,15 € est commandé');
    const all = await orders();
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ status: 'scheduled', quantity: 1 });
    await t.app.orders.cancel(home.id, all[0].id, 'api');
  });

  it('approves waiting proposals only after a yes naming them', async () => {
    // The milk runs low with the "ask" policy: the supplies and orders services propose a reorder.
    t.clock.advance(60_000);
    await t.app.supplies.update(home.id, milkId, { level: 1 });
    await t.app.supplies.evaluateDue(home.id);
    const proposals = await t.app.orders.listProposals(home.id);
    expect(proposals).toHaveLength(1);
    const ask = await askAlexa(t, intentRequest(opts(), 'ApproveProposals', {}, { dialogState: 'STARTED' }));
    expect(spoken(ask)).toMatch(/^Une commande attend : \d+ × Lait \(\d+,\d{2} €\)\. Je la valide \?$/);
    expect(ask.response.directives?.[0].type).toBe('Dialog.ConfirmIntent');
    expect((await t.app.orders.get(home.id, proposals[0].id)).status).toBe('proposed');
    const yes = await askAlexa(t, intentRequest(opts(), 'ApproveProposals', {}, { confirmationStatus: 'CONFIRMED' }));
    expect(spoken(yes)).toBe('Validé : la commande est partie.');
    expect((await t.app.orders.get(home.id, proposals[0].id)).status).toBe('scheduled');
    const none = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'ApproveProposals', {}, { dialogState: 'STARTED' }));
    expect(spoken(none)).toBe('Nothing is waiting for your approval.');
  });

  it('elicits the supply when it is missing, with its own prompt (the confirmation must carry the price)', async () => {
    const reply = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'ReorderSupply', { supply: {}, quantity: {} }, { dialogState: 'STARTED' }));
    expect(reply.response.directives?.[0]).toMatchObject({ type: 'Dialog.ElicitSlot', slotToElicit: 'supply' });
    expect(spoken(reply)).toBe('What should I order?');
  });

  it('says so when a supply is unknown, and forgets a pending quote when the session ends', async () => {
    const unknown = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'ReorderSupply', { supply: { value: 'caviar', type: 'MIROIR_SUPPLY' } }, { dialogState: 'STARTED' }));
    expect(spoken(unknown)).toBe('I do not know a supply called caviar in your home. Add it on the mirror first.');
    const before = (await orders()).length;
    await orderMilk({ sessionId: 'amzn1.echo-api.session.ending' }, 'NONE');
    await askAlexa(t, sessionEndedRequest(opts({ sessionId: 'amzn1.echo-api.session.ending' })));
    const stale = await orderMilk({ sessionId: 'amzn1.echo-api.session.ending' }, 'CONFIRMED');
    expect(stale.response.directives?.[0].type).toBe('Dialog.ConfirmIntent');
    expect((await orders()).length).toBe(before);
  });
});

describe('POST /alexa on PostgreSQL', () => {
  it('keeps the dialog state in the store and orders once on a retried yes', async () => {
    const t = await buildTestApp({ store: 'postgres', env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    try {
      const home = await t.household('Home', 'en-US');
      await t.app.supplies.create(home.id, { name: 'Milk', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
      const o: EnvelopeOptions = { timestamp: t.clock.now().toISOString(), userId: 'amzn1.ask.account.PG', sessionId: 'amzn1.echo-api.session.pg', locale: 'en-US' };
      await linkAlexaUser(t, home.auth, { userId: 'amzn1.ask.account.PG' });
      const slots = { supply: { value: 'milk', id: 'milk', type: 'MIROIR_SUPPLY' }, quantity: { value: '2' } };
      const ask = await askAlexa(t, intentRequest(o, 'ReorderSupply', slots, { dialogState: 'STARTED' }));
      expect(spoken(ask)).toBe('2 × Semi-skimmed milk 1 L for €2.30. Shall I order it?');
      const yes = await askAlexa(t, intentRequest(o, 'ReorderSupply', slots, { dialogState: 'IN_PROGRESS', confirmationStatus: 'CONFIRMED' }));
      expect(spoken(yes)).toBe('Done: 2 × Semi-skimmed milk 1 L for €2.30 is ordered. You can cancel it before it leaves.');
      await askAlexa(t, intentRequest(o, 'ReorderSupply', slots, { dialogState: 'IN_PROGRESS', confirmationStatus: 'CONFIRMED' }));
      expect(await t.app.orders.list(home.id)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

/** A yes buys what was spoken, at the price spoken, within the caps, unless the question itself said it goes over one. */
describe('POST /alexa: the bounds of a spoken order', () => {
  const SECRET = 'voice-bounds-secret-000000001';
  let t: TestApp;
  let stub: StubStore;
  let home: Awaited<ReturnType<TestApp['household']>>;
  const USER = 'amzn1.ask.account.BOUNDS';
  let session = 0;
  let o: EnvelopeOptions;
  const say = (supply: string, quantity: string, confirmationStatus: 'NONE' | 'CONFIRMED') =>
    askAlexa(
      t,
      intentRequest(o, 'ReorderSupply', { supply: { value: supply, type: 'MIROIR_SUPPLY' }, quantity: { value: quantity } }, { dialogState: confirmationStatus === 'NONE' ? 'STARTED' : 'IN_PROGRESS', confirmationStatus }),
    );
  const ordersOf = async (supplyId: string) => (await t.app.orders.list(home.id)).filter((x) => x.supplyId === supplyId);

  beforeAll(async () => {
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    stub = new StubStore(SECRET, () => t.clock.now().getTime());
    await stub.start();
    t.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET, leadDays: 1 }, t.clock));
    home = await t.household('Home', 'en-US');
    await linkAlexaUser(t, home.auth, { userId: USER });
  });
  beforeEach(() => {
    session++;
    o = { timestamp: t.clock.now().toISOString(), userId: USER, sessionId: `amzn1.echo-api.session.bounds-${session}`, locale: 'en-US' };
  });
  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  it('refuses a spoken quantity over the bound and orders nothing', async () => {
    const milk = await t.app.supplies.create(home.id, { name: 'Milk', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'notify' } });
    const reply = await say('milk', '50', 'NONE');
    expect(spoken(reply)).toBe('The quantity must be a whole number from 1 to 20.');
    expect(reply.response.directives ?? []).toHaveLength(0);
    expect(await ordersOf(milk.id)).toHaveLength(0);
  });

  it('over a spending cap, asks so explicitly, and only a yes to that question goes over it', async () => {
    const butter = await t.app.supplies.create(home.id, { name: 'Butter', unit: 'g', capacity: 500, level: 400, reorderPoint: 100, sku: 'butter-250g', policy: { mode: 'notify', maxPerOrder: 3 } });
    // Within the cap, the usual question; then the household lowers the cap before the yes.
    expect(spoken(await say('butter', '1', 'NONE'))).toBe('1 × Unsalted butter 250 g for €2.60. Shall I order it?');
    await t.app.supplies.update(home.id, butter.id, { policy: { maxPerOrder: 2 } });
    const refused = await say('butter', '1', 'CONFIRMED');
    expect(spoken(refused)).toContain('over this supply');
    expect(await ordersOf(butter.id)).toHaveLength(0);
    // Asked again, the question names the cap; the yes to it orders.
    const ask = await say('butter', '1', 'NONE');
    expect(spoken(ask)).toBe('1 × Unsalted butter 250 g for €2.60. That is over the spending limit you set for it. Shall I order it anyway?');
    const yes = await say('butter', '1', 'CONFIRMED');
    expect(spoken(yes)).toContain('is ordered');
    const [order] = await ordersOf(butter.id);
    expect(order).toMatchObject({ quantity: 1, total: 2.6, channel: 'alexa' });
    expect((await t.app.orders.history(home.id, order.id))[0]).toMatchObject({ detail: 'overPerOrderCap: confirmed explicitly' });
  });

  it('orders nothing when the price changed between the question and the yes', async () => {
    const milk = await t.app.supplies.create(home.id, { name: 'Farm milk', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'notify' } });
    expect(spoken(await say('farm milk', '2', 'NONE'))).toBe('2 × Organic whole milk 1 L for €2.98. Shall I order it?');
    stub.changes.set('GRO-MILK-1L', { price: 1.99 });
    t.clock.advanceHours(2);
    try {
      o = { ...o, timestamp: t.clock.now().toISOString() };
      const yes = await say('farm milk', '2', 'CONFIRMED');
      expect(spoken(yes)).toBe('The price has changed: it is now 3.98 EUR. Confirm the new price to order.');
      expect(await ordersOf(milk.id)).toHaveLength(0);
    } finally {
      stub.changes.clear();
    }
  });
});

describe('POST /alexa: approving a proposal that is over a cap', () => {
  it('names the cap in the question, and the yes to it approves at the price spoken', async () => {
    const t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    try {
      const home = await t.household('Home', 'en-US');
      const o: EnvelopeOptions = { timestamp: t.clock.now().toISOString(), userId: 'amzn1.ask.account.CAP', sessionId: 'amzn1.echo-api.session.cap', locale: 'en-US' };
      await linkAlexaUser(t, home.auth, { userId: 'amzn1.ask.account.CAP' });
      const ink = await t.app.supplies.create(home.id, { name: 'Black ink', unit: '%', capacity: 100, level: 60, reorderPoint: 15, sku: 'ink-black-xl', policy: { mode: 'auto', maxPerOrder: 20 } });
      await t.app.supplies.update(home.id, ink.id, { level: 10 });
      const [proposal] = await t.app.orders.listProposals(home.id);
      expect(proposal).toMatchObject({ reason: 'overPerOrderCap', total: 24.9 });
      // The API refuses the same approval without the explicit go-ahead.
      const plain = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposal.id}/approve`, headers: home.auth });
      expect(plain.statusCode).toBe(422);
      expect(plain.json().error.code).toBe('OVER_PER_ORDER_CAP');
      const ask = await askAlexa(t, intentRequest(o, 'ApproveProposals', {}, { dialogState: 'STARTED' }));
      expect(spoken(ask)).toBe('One order is waiting, over the spending limit you set: 1 × Black ink (€24.90). Shall I approve it anyway?');
      const yes = await askAlexa(t, intentRequest(o, 'ApproveProposals', {}, { confirmationStatus: 'CONFIRMED' }));
      expect(spoken(yes)).toBe('Approved: the order is on its way.');
      expect((await t.app.orders.get(home.id, proposal.id)).status).toBe('scheduled');
      const audit = await t.app.orders.history(home.id, proposal.id);
      expect(audit.find((e) => e.toStatus === 'approved')).toMatchObject({ channel: 'alexa', detail: 'overPerOrderCap: confirmed explicitly' });
    } finally {
      await t.close();
    }
  });
});
