import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
import { LwaTokens } from './lwa';
import { AlexaOrderNotifier } from './notifier';
import { AlexaEventOutbox } from './outbox';

/** Due retries are picked up this often; a new event is sent at once. */
const OUTBOX_TICK_MS = 15_000;

declare module 'fastify' {
  interface FastifyInstance {
    alexaEvents: { notifier: AlexaOrderNotifier | null; outbox: AlexaEventOutbox | null };
  }
}

/** Alexa Proactive Events for order news, on when ALEXA_SKILL_CLIENT_ID / _SECRET are set. */
export default fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    let notifier: AlexaOrderNotifier | null = null;
    let outbox: AlexaEventOutbox | null = null;
    if (config.alexaSkillClient) {
      const o = new AlexaEventOutbox({
        store: app.store,
        clock: app.clock,
        lwa: new LwaTokens(config.lwaTokenUrl, config.alexaSkillClient),
        baseUrl: config.alexaEventsUrl,
        stage: config.alexaEventsStage,
        log: app.log,
        lease: { holder: app.fleet.instanceId, ms: config.leaseMs },
        allowed: async (householdId, userId, eventName) => (await app.skills.voiceUsers.eventSubscribers(householdId, eventName)).includes(userId),
      });
      const n = new AlexaOrderNotifier({
        clock: app.clock,
        outbox: o,
        subscribers: (householdId, eventName, db) => app.skills.voiceUsers.eventSubscribers(householdId, eventName, db),
        onError: (err) => app.log.warn({ err }, 'alexa proactive event failed'),
      });
      outbox = o;
      notifier = n;
      // The rows are written in the order change's own transaction; once it committed (the bus
      // event is published after the commit), a send pass.
      const unregister = app.orders.effects.register((tx, change) => n.record(tx, change));
      const unsubscribe = app.events.subscribe((event) => {
        if (event.type === 'order.updated' || event.type === 'proposal.created') n.kick();
      });
      // What a previous run left in the outbox leaves now, not at the first retry tick.
      app.addHook('onReady', async () => n.kick());
      schedulePeriodicJob(app, 'alexa events outbox', async () => {
        await o.dispatchDue();
        await o.prune();
      }, { everyMs: OUTBOX_TICK_MS, firstAfterMs: OUTBOX_TICK_MS });
      app.addHook('onClose', async () => {
        unregister();
        unsubscribe();
        await n.idle();
      });
    }
    app.decorate('alexaEvents', { notifier, outbox });
  },
  { name: 'alexa-events', dependencies: ['core', 'fleet', 'orders', 'skills'] },
);
