import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ListenSessions } from './listen';
import { bindingsRoutes } from './routes';
import { BindingsService } from './service';
import { BindingSubscriber } from './subscriber';

declare module 'fastify' {
  interface FastifyInstance {
    bindings: BindingsService;
  }
}

/** Device bindings: supplies fed by topics devices already publish (zigbee2mqtt, Tasmota, ESPHome, Shelly). */
export default fp(
  async (app: FastifyInstance) => {
    const service = new BindingsService(app.store, app.clock, app.supplies, app.events);
    app.decorate('bindings', service);
    const listen = new ListenSessions(app.clock, { url: app.config.mqttUrl, miroirRoot: service.miroirRoot });
    app.addHook('preClose', async () => listen.closeAll());
    app.privacy.onErase((householdId) => {
      listen.closeHousehold(householdId);
      service.forgetHousehold(householdId);
    });
    // A deleted supply took its bindings with it (foreign key cascade).
    app.events.subscribe((event) => {
      if (event.type === 'supply.changed' && event.payload.change === 'removed') service.invalidate();
    });
    await app.register(bindingsRoutes(listen));

    if (app.config.mqttUrl && app.config.backgroundJobs) {
      const subscriber = new BindingSubscriber(service, {
        url: app.config.mqttUrl,
        shareGroup: app.store.dialect === 'postgres' ? `miroir-bindings-${app.config.pgSchema ?? 'public'}` : undefined,
        onError: (err, topic) => app.log.warn({ err, topic }, 'device binding message failed'),
      });
      app.addHook('onReady', async () => {
        subscriber.start().catch((err: unknown) => app.log.error({ err }, 'device bindings are not connected to MQTT yet; retrying'));
      });
      app.addHook('onClose', async () => subscriber.stop());
    }
  },
  { name: 'bindings', dependencies: ['core', 'households', 'privacy', 'supplies'] },
);
