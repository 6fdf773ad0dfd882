import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HomeAssistantBridge } from './bridge';
import { homeAssistantRoutes } from './routes';
import { HomeAssistantSettings } from './settings';

declare module 'fastify' {
  interface FastifyInstance {
    homeAssistant: HomeAssistantSettings;
  }
}

/** Home Assistant MQTT discovery: opted-in households' supplies appear in HA, and HA can approve a proposal. */
export default fp(
  async (app: FastifyInstance) => {
    const settings = new HomeAssistantSettings(app.store, app.clock, app.config.haDiscovery);
    app.decorate('homeAssistant', settings);
    await app.register(homeAssistantRoutes);

    if (app.config.mqttUrl && app.config.backgroundJobs) {
      const bridge = new HomeAssistantBridge(
        { store: app.store, clock: app.clock, events: app.events, households: app.households, supplies: app.supplies, orders: app.orders, settings },
        {
          url: app.config.mqttUrl,
          prefix: app.config.haDiscoveryPrefix,
          swVersion: process.env.npm_package_version,
          shareGroup: app.store.dialect === 'postgres' ? `miroir-ha-${app.config.pgSchema ?? 'public'}` : undefined,
          onError: (err, topic) => app.log.warn({ err, topic }, 'home assistant bridge'),
        },
      );
      app.privacy.onErase((householdId) => bridge.forgetHousehold(householdId));
      // Like MQTT telemetry: started once everything is wired, without holding the server back.
      app.addHook('onReady', async () => {
        bridge.start().catch((err: unknown) => app.log.error({ err }, 'home assistant bridge is not connected yet; retrying'));
      });
      app.addHook('onClose', async () => bridge.stop());
    }
  },
  { name: 'home-assistant', dependencies: ['core', 'households', 'privacy', 'supplies', 'orders'] },
);
