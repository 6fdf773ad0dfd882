import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LwaTokens } from './lwa';
import { AlexaOrderNotifier } from './notifier';

declare module 'fastify' {
  interface FastifyInstance {
    alexaEvents: { notifier: AlexaOrderNotifier | null };
  }
}

/** Alexa Proactive Events for order updates, on when ALEXA_SKILL_CLIENT_ID / _SECRET are set. */
export default fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    let notifier: AlexaOrderNotifier | null = null;
    if (config.alexaSkillClient) {
      const n = new AlexaOrderNotifier({
        clock: app.clock,
        lwa: new LwaTokens(config.lwaTokenUrl, config.alexaSkillClient),
        baseUrl: config.alexaEventsUrl,
        stage: config.alexaEventsStage,
        subscribers: (householdId) => app.skills.voiceUsers.eventSubscribers(householdId),
        onError: (err) => app.log.warn({ err }, 'alexa proactive event failed'),
      });
      notifier = n;
      const unsubscribe = app.events.subscribe((event) => {
        if (event.type === 'order.updated' && event.payload.status !== event.payload.previousStatus) n.orderUpdated(event.householdId, event.payload.orderId, event.payload.status);
      });
      app.addHook('onClose', async () => {
        unsubscribe();
        await n.idle();
      });
    }
    app.decorate('alexaEvents', { notifier });
  },
  { name: 'alexa-events', dependencies: ['core', 'skills'] },
);
