import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AlexaEventOutbox } from '@server/alexa-events/outbox';
import { LwaTokens } from '@server/alexa-events/lwa';
import { messageAlertEvent } from '@server/alexa-events/order-events';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { loadConfig } from '@server/plugins/config';
import { RecordingStub } from '@test/helpers/recording-stub';
import { createTestStore, STORE_KINDS, type TestStore } from '@test/helpers/stores';

const EVENTS_PATH = '/v1/proactiveEvents/stages/development';
const LWA_PATH = '/auth/o2/token';
const ANNA = 'amzn1.ask.account.ANNA';
const BOB = 'amzn1.ask.account.BOB';
const quiet = { warn: () => undefined, info: () => undefined };

describe.each(STORE_KINDS)('the Alexa events outbox (%s)', (kind) => {
  let amazon: RecordingStub;
  let testStore: TestStore;
  let dataDir: string;
  const clock = new ManualClock('2026-11-30T07:00:00Z');
  const open: FastifyInstance[] = [];
  let gateway: number[] = [];
  let lwaStatus = 200;

  /** The real app on this test's store: closing one and starting another is a restart. */
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
  const events = () => amazon.to(EVENTS_PATH).map((r) => amazon.json<{ referenceId: string; event: { name: string; payload: Record<string, unknown> }; relevantAudience: { payload: { user: string } } }>(r));
  const rows = async () => testStore.store.db.selectFrom('alexa_event_outbox').select(['user_id', 'attempts', 'done_at', 'last_error']).orderBy('created_at').execute();

  beforeAll(async () => {
    amazon = await RecordingStub.start();
    amazon.on(LWA_PATH, () => (lwaStatus === 200 ? { status: 200, body: { access_token: 'Atc|stub-lwa', expires_in: 3600, token_type: 'bearer' } } : { status: lwaStatus, body: { error: 'server_error' } }));
    // Each answer in `gateway` is used once, then 202.
    amazon.on(EVENTS_PATH, () => ({ status: gateway.shift() ?? 202, body: '' }));
    testStore = await createTestStore(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-alexa-outbox-'));
  });
  afterAll(async () => {
    for (const app of open) await app.close().catch(() => undefined);
    await testStore.dispose();
    await amazon.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing on a restart: an event the gateway refused with 503 is sent by the next start, once', async () => {
    const first = await start();
    const home = await first.households.create({ name: 'Maison Martin', locale: 'fr-FR' });
    const householdId = home.household.id;
    await first.skills.voiceUsers.setEventSubscription(ANNA, householdId, ['AMAZON.MessageAlert.Activated', 'AMAZON.OrderStatus.Updated']);
    // Bob allowed the order updates only: the "new message" alert is not his.
    await first.skills.voiceUsers.setEventSubscription(BOB, householdId, ['AMAZON.OrderStatus.Updated']);
    const milk = await first.supplies.create(householdId, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    gateway = [503];
    await first.supplies.update(householdId, milk.id, { level: 1 });
    await first.supplies.evaluateDue(householdId);
    const [proposal] = await first.orders.listProposals(householdId);
    expect(proposal).toBeDefined();
    await first.alexaEvents.notifier!.idle();
    expect(events()).toHaveLength(1);
    expect(await rows()).toEqual([{ user_id: ANNA, attempts: 1, done_at: null, last_error: 'HTTP 503' }]);
    await first.close();

    // Back up after the backoff: the start-up pass sends what the outbox kept.
    clock.advance(60_000);
    const second = await start();
    await second.alexaEvents.notifier!.idle();
    const sent = events();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[1]).toMatchObject({
      referenceId: `${proposal.id}:message:proposal`,
      event: { name: 'AMAZON.MessageAlert.Activated', payload: { state: { status: 'UNREAD', freshness: 'NEW' }, messageGroup: { creator: { name: 'localizedattribute:creatorName' }, count: 1 } } },
      relevantAudience: { payload: { user: ANNA } },
    });
    // Not urgent, and no product or price in what Alexa reads out: the skill says that when opened.
    expect(JSON.stringify(sent[1])).not.toMatch(/URGENT|Lait|milk/i);
    expect((await rows())[0]).toMatchObject({ attempts: 2, last_error: null });
    expect((await rows())[0].done_at).not.toBeNull();
    await second.alexaEvents.notifier!.idle();
    await second.alexaEvents.outbox!.dispatchDue();
    expect(events()).toHaveLength(2);
  });

  it('retries a Login with Amazon failure, a 429 and a 401 with a new token, with backoff; drops a 400 with a log', async () => {
    const app = open.at(-1)!;
    const home = await app.households.create({ name: 'Retries', locale: 'en-US' });
    const outbox = app.alexaEvents.outbox!;
    const now = () => clock.now();
    const before = events().length;
    const tokensBefore = amazon.to(LWA_PATH).length;
    lwaStatus = 500;
    // A fresh outbox: no token cached yet, so Login with Amazon is asked (and fails).
    const fresh = new AlexaEventOutbox({ store: testStore.store, clock, lwa: new LwaTokens(`${amazon.url}${LWA_PATH}`, { clientId: 'c', clientSecret: 's' }), baseUrl: amazon.url, stage: 'development', log: quiet });
    await fresh.enqueue(home.household.id, [{ userId: ANNA, body: messageAlertEvent({ orderId: 'o-1', reason: 'failed', userId: ANNA, now: now() }) }]);
    expect(await fresh.dispatchDue()).toEqual({ sent: 0, dropped: 0 });
    expect(events().length).toBe(before);
    const [waiting] = await fresh.pending(home.household.id);
    expect(waiting).toMatchObject({ attempts: 1, last_error: 'LWA token: HTTP 500' });
    expect(Date.parse(waiting.available_at) - now().getTime()).toBe(30_000);
    // Not due yet: nothing is tried before the backoff has passed.
    expect(await fresh.dispatchDue()).toEqual({ sent: 0, dropped: 0 });

    lwaStatus = 200;
    gateway = [429, 401];
    clock.advance(30_000);
    expect(await fresh.dispatchDue()).toEqual({ sent: 0, dropped: 0 });
    expect((await fresh.pending(home.household.id))[0]).toMatchObject({ attempts: 2, last_error: 'HTTP 429' });
    clock.advance(60_000);
    expect(await fresh.dispatchDue()).toEqual({ sent: 0, dropped: 0 });
    expect((await fresh.pending(home.household.id))[0]).toMatchObject({ attempts: 3, last_error: 'HTTP 401' });
    clock.advance(120_000);
    expect(await fresh.dispatchDue()).toEqual({ sent: 1, dropped: 0 });
    // The 401 made the outbox forget its token: one more Login with Amazon call than the first success.
    expect(amazon.to(LWA_PATH).length - tokensBefore).toBe(3);
    expect(await fresh.pending(home.household.id)).toEqual([]);

    const logged: string[] = [];
    const strict = new AlexaEventOutbox({ store: testStore.store, clock, lwa: new LwaTokens(`${amazon.url}${LWA_PATH}`, { clientId: 'c', clientSecret: 's' }), baseUrl: amazon.url, stage: 'development', log: { warn: (_o, msg) => logged.push(msg), info: () => undefined } });
    gateway = [400];
    await strict.enqueue(home.household.id, [{ userId: BOB, body: messageAlertEvent({ orderId: 'o-2', reason: 'failed', userId: BOB, now: now() }) }]);
    expect(await strict.dispatchDue()).toEqual({ sent: 0, dropped: 1 });
    expect(logged).toEqual(['alexa proactive event dropped']);
    const dropped = await testStore.store.db.selectFrom('alexa_event_outbox').select(['done_at', 'last_error', 'attempts']).where('user_id', '=', BOB).execute();
    expect(dropped).toEqual([{ done_at: now().toISOString(), last_error: 'HTTP 400', attempts: 1 }]);
    await outbox.dispatchDue();
    expect(amazon.to(EVENTS_PATH).filter((r) => r.body.includes(BOB))).toHaveLength(1);
  });

  it('two instances sending at once send each event once (the lease)', async () => {
    const app = open.at(-1)!;
    const home = await app.households.create({ name: 'Fleet', locale: 'en-US' });
    const make = (holder: string) =>
      new AlexaEventOutbox({ store: testStore.store, clock, lwa: new LwaTokens(`${amazon.url}${LWA_PATH}`, { clientId: 'c', clientSecret: 's' }), baseUrl: amazon.url, stage: 'development', log: quiet, lease: { holder, ms: 120_000 } });
    const a = make('instance-a');
    const b = make('instance-b');
    const users = Array.from({ length: 12 }, (_, i) => `amzn1.ask.account.U${i}`);
    await a.enqueue(home.household.id, users.map((userId) => ({ userId, body: messageAlertEvent({ orderId: 'o-fleet', reason: 'proposal', userId, now: clock.now() }) })));
    const before = events().length;
    const [ra, rb] = await Promise.all([a.dispatchDue(), b.dispatchDue()]);
    expect(ra.sent + rb.sent).toBe(12);
    const sentTo = events().slice(before).map((e) => e.relevantAudience.payload.user);
    expect(sentTo.sort()).toEqual([...users].sort());
  });

  it('respects a withdrawal made while an event waits, forgets a person who withdrew everything, and prunes old rows', async () => {
    const app = open.at(-1)!;
    const home = await app.households.create({ name: 'Consent', locale: 'fr-FR' });
    const householdId = home.household.id;
    const outbox = app.alexaEvents.outbox!;
    const CAROL = 'amzn1.ask.account.CAROL';
    await app.skills.voiceUsers.setEventSubscription(CAROL, householdId, ['AMAZON.MessageAlert.Activated']);
    gateway = [503];
    await outbox.enqueue(householdId, [{ userId: CAROL, body: messageAlertEvent({ orderId: 'o-c1', reason: 'proposal', userId: CAROL, now: clock.now() }) }]);
    await outbox.dispatchDue();
    expect(await outbox.pending(householdId)).toHaveLength(1);
    // Carol keeps the order updates but withdraws the messages before the retry.
    await app.skills.voiceUsers.setEventSubscription(CAROL, householdId, ['AMAZON.OrderStatus.Updated']);
    clock.advance(60_000);
    const before = events().length;
    expect(await outbox.dispatchDue()).toEqual({ sent: 0, dropped: 1 });
    expect(events().length).toBe(before);
    const kept = await testStore.store.db.selectFrom('alexa_event_outbox').select('last_error').where('user_id', '=', CAROL).execute();
    expect(kept).toEqual([{ last_error: 'notifications withdrawn' }]);
    // Done rows go after a week.
    clock.advance(8 * 24 * 3600_000);
    await outbox.prune();
    expect(await testStore.store.db.selectFrom('alexa_event_outbox').select('id').where('user_id', '=', CAROL).execute()).toEqual([]);
    // Withdrawn altogether: what waited for her is deleted at once.
    await outbox.enqueue(householdId, [{ userId: CAROL, body: messageAlertEvent({ orderId: 'o-c2', reason: 'failed', userId: CAROL, now: clock.now() }) }]);
    await app.skills.voiceUsers.setEventSubscription(CAROL, null, []);
    expect(await testStore.store.db.selectFrom('alexa_event_outbox').select('id').where('user_id', '=', CAROL).execute()).toEqual([]);
  });
});
