import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MqttTelemetry } from './mqtt';
import { suppliesRoutes } from './routes';
import { SuppliesService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    supplies: SuppliesService;
  }
}

/** The supplies capability: supplies, devices, readings and forecasts (orders plug in through `setHooks`). */
export default fp(
  async (app: FastifyInstance) => {
    const service = new SuppliesService(app.store, app.clock, app.events, app.households, app.consents);
    app.decorate('supplies', service);
    await app.register(suppliesRoutes);

    if (app.config.mqttUrl && app.config.backgroundJobs) {
      const mqtt = new MqttTelemetry(service, app.households, {
        url: app.config.mqttUrl,
        trustBroker: app.config.mqttTrustBroker,
        // A fleet on one PostgreSQL shares the subscription: each message to one instance.
        shareGroup: app.store.dialect === 'postgres' ? `miroir-${app.config.pgSchema ?? 'public'}` : undefined,
        onError: (err, topic) => app.log.warn({ err, topic }, 'mqtt telemetry message failed'),
        onRefused: (refusal) => app.log.warn({ ...refusal, refusedSinceStart: mqtt.refused }, 'mqtt telemetry refused: the payload does not carry the token of the device its topic names'),
      });
      if (app.config.mqttTrustBroker) app.log.warn('MIROIR_MQTT_TRUST_BROKER=true: MQTT readings without a device token are accepted; the broker must authenticate devices and restrict their topics');
      // Started once the whole app is ready (the reorder hooks of orders are plugged in by then),
      // without waiting: a broker that is down must not hold the mirror back; the client retries.
      app.addHook('onReady', async () => {
        mqtt.start().catch((err: unknown) => app.log.error({ err }, 'mqtt telemetry is not connected yet; retrying'));
      });
      app.addHook('onClose', async () => mqtt.stop());
    }
  },
  { name: 'supplies', dependencies: ['core', 'households', 'privacy'] },
);
