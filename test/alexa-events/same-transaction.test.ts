import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import type { OrderChange } from '@server/orders/effects';
import { loadConfig } from '@server/plugins/config';
import { RecordingStub } from '@test/helpers/recording-stub';
import { createTestStore, STORE_KINDS, type TestStore } from '@test/helpers/stores';

const EVENTS_PATH = '/v1/proactiveEvents/stages/development';
const LWA_PATH = '/auth/o2/token';
const ANNA = 'amzn1.ask.account.ANNA';

/**
 * The Alexa event of an order change is written in the change's own transaction: a crash after the
 * order write (simulated by an in-transaction effect that throws, registered after the Alexa one)
 * leaves neither; a change that committed always has its row, which a restart sends.
 */
describe.each(STORE_KINDS)('Alexa events in the order change transaction (%s)', (kind) => {
  let amazon: RecordingStub;
  let testStore: TestStore;
  let dataDir: string;
  const clock = new ManualClock('2026-11-30T07:00:00Z');
  const open: FastifyInstance[] = [];
  let accepting = false;
  const accepted: string[] = [];

  const start = async (): Promise<FastifyInstance> => {
    const config = loadConfig({
      MIROIR_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      MIROIR_BACKGROUND_JOBS: 'false',
      MIROIR_RATE_LIMIT: '100000',
      OPEN_METEO_URL: 'http://127.0.0.1:9/v1',
      ALEXA_SKILL_CLIENT_ID: 'amzn1.application-oa2-client.skill',
      ALEXA_SKILL_CLIENT_SECRET: 'skill-messaging-secret',
      LWA_TOKEN_URL: `${amazon.url}${LWA_PATH}`,
      ALEXA_EVENTS_URL: amazon.url,
    });
    const app = await buildApp({ config, clock, store: testStore.store, logger: false });
    await app.ready();
    open.push(app);
    return app;
  };
  /** The referenceIds waiting or sent for this order, oldest first. */
  const outboxFor = async (orderId: string): Promise<string[]> => {
    const rows = await testStore.store.db.selectFrom('alexa_event_outbox').select('body').orderBy('created_at').execute();
    return rows.map((r) => (JSON.parse(r.body) as { referenceId: string }).referenceId).filter((ref) => ref.startsWith(`${orderId}:`));
  };

  beforeAll(async () => {
    amazon = await RecordingStub.start();
    amazon.on(LWA_PATH, () => ({ status: 200, body: { access_token: 'Atc|stub-lwa', expires_in: 3600, token_type: 'bearer' } }));
    amazon.on(EVENTS_PATH, (req) => {
      if (!accepting) return { status: 503, body: '' };
      accepted.push((JSON.parse(req.body) as { referenceId: string }).referenceId);
      return { status: 202, body: '' };
    });
    testStore = await createTestStore(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-alexa-tx-'));
  });
  afterAll(async () => {
    for (const app of open) await app.close().catch(() => undefined);
    await testStore.dispose();
    await amazon.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rolls back the order change and its event together, and commits them together', async () => {
    const app = await start();
    const home = await app.households.create({ name: 'Maison Martin', locale: 'fr-FR' });
    const householdId = home.household.id;
    await app.skills.voiceUsers.setEventSubscription(ANNA, householdId, ['AMAZON.MessageAlert.Activated', 'AMAZON.OrderStatus.Updated']);

    // Registered after the Alexa effect: runs once its row is written, still inside the transaction.
    let crashOn: ((change: OrderChange) => boolean) | null = null;
    const seenInTransaction: { change: OrderChange; refs: string[] }[] = [];
    app.orders.effects.register(async (tx, change) => {
      const rows = await tx.selectFrom('alexa_event_outbox').select('body').execute();
      seenInTransaction.push({ change, refs: rows.map((r) => (JSON.parse(r.body) as { referenceId: string }).referenceId).filter((ref) => ref.startsWith(`${change.orderId}:`)) });
      if (crashOn?.(change)) throw new Error('simulated crash after the order write');
    });

    // A proposal created: the crash leaves no proposal and no message alert; the reorder stays wanted.
    const milk = await app.supplies.create(householdId, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    crashOn = (c) => c.kind === 'proposal';
    await app.supplies.update(householdId, milk.id, { level: 1 });
    await app.supplies.evaluateDue(householdId);
    expect(await app.orders.listProposals(householdId)).toEqual([]);
    expect(await testStore.store.db.selectFrom('alexa_event_outbox').select('id').execute()).toEqual([]);
    expect(seenInTransaction).toHaveLength(1);
    expect(seenInTransaction[0].refs).toHaveLength(1);
    crashOn = null;
    await app.orders.decideReorders(await app.supplies.reorderWanted());
    const [proposal] = await app.orders.listProposals(householdId);
    expect(proposal).toBeDefined();
    expect(await outboxFor(proposal.id)).toEqual([`${proposal.id}:message:proposal`]);

    // Placed by the dispatcher: the crash leaves it scheduled with no ORDER_RECEIVED; the retry commits both.
    const coffee = await app.supplies.create(householdId, { name: 'Café', unit: 'kg', capacity: 2, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'notify', cancelWindowHours: 1 } });
    const { order } = await app.orders.create(householdId, { supplyId: coffee.id, quantity: 1, idempotencyKey: 'k-coffee', channel: 'api' });
    expect(await outboxFor(order.id)).toEqual([]);
    clock.advance(2 * 3600_000);
    crashOn = (c) => c.kind === 'status' && c.status === 'placed';
    await app.orders.dispatchDue();
    expect((await app.orders.get(householdId, order.id)).status).toBe('scheduled');
    expect(await outboxFor(order.id)).toEqual([]);
    crashOn = null;
    clock.advance(3600_000);
    await app.orders.dispatchDue();
    expect((await app.orders.get(householdId, order.id)).status).toBe('placed');
    expect(await outboxFor(order.id)).toEqual([`${order.id}:ORDER_RECEIVED`]);

    // Shipped and out for delivery, reported by the store: same rule.
    for (const [status, alexa] of [['shipped', 'ORDER_SHIPPED'], ['out_for_delivery', 'ORDER_OUT_FOR_DELIVERY']] as const) {
      clock.advance(60_000);
      const before = await outboxFor(order.id);
      const previous = (await app.orders.get(householdId, order.id)).status;
      crashOn = (c) => c.kind === 'status' && c.status === status;
      await expect(app.orders.applyStoreStatus(order.id, status)).rejects.toThrow('simulated crash');
      expect((await app.orders.get(householdId, order.id)).status).toBe(previous);
      expect(await outboxFor(order.id)).toEqual(before);
      crashOn = null;
      expect(await app.orders.applyStoreStatus(order.id, status)).toBe(true);
      expect(await outboxFor(order.id)).toEqual([...before, `${order.id}:${alexa}`]);
    }

    // Failed: a message alert, same rule.
    clock.advance(60_000);
    crashOn = (c) => c.kind === 'status' && c.status === 'failed';
    await expect(app.orders.applyStoreStatus(order.id, 'failed')).rejects.toThrow('simulated crash');
    expect((await app.orders.get(householdId, order.id)).status).toBe('out_for_delivery');
    expect(await outboxFor(order.id)).not.toContain(`${order.id}:message:failed`);
    crashOn = null;
    expect(await app.orders.applyStoreStatus(order.id, 'failed')).toBe(true);
    expect((await outboxFor(order.id)).at(-1)).toBe(`${order.id}:message:failed`);

    // Every committed change saw its own row inside its transaction.
    const told = seenInTransaction.filter(({ change }) => change.kind === 'proposal' || ['placed', 'shipped', 'out_for_delivery', 'failed'].includes(change.status));
    expect(told).toHaveLength(10);
    for (const { refs } of told) expect(refs.length).toBeGreaterThan(0);
    // Amazon was down the whole time: nothing accepted yet, everything waiting.
    await app.alexaEvents.notifier!.idle();
    expect(accepted).toEqual([]);
    await app.close();

    // A restart sends each committed event once, and nothing for the changes that were rolled back.
    accepting = true;
    clock.advance(3600_000);
    const again = await start();
    await again.alexaEvents.notifier!.idle();
    expect([...accepted].sort()).toEqual(
      [`${proposal.id}:message:proposal`, `${order.id}:ORDER_RECEIVED`, `${order.id}:ORDER_SHIPPED`, `${order.id}:ORDER_OUT_FOR_DELIVERY`, `${order.id}:message:failed`].sort(),
    );
    expect(await again.alexaEvents.outbox!.pending()).toEqual([]);
  });
});
