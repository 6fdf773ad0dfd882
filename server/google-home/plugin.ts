import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HomeGraphClient, readServiceAccount } from './homegraph';
import { HomeGraphReporter } from './reporter';
import { snapshot } from './fulfillment';
import { googleHomeRoutes } from './routes';

declare module 'fastify' {
  interface FastifyInstance {
    googleHome: { reporter: HomeGraphReporter | null };
  }
}

/**
 * Google Home (cloud-to-cloud smart home): POST /google/smarthome, and Report State / Request Sync
 * through HomeGraph when GOOGLE_SERVICE_ACCOUNT_FILE is set. Level and household changes of a
 * household linked to Google are reported, batched and debounced (HOMEGRAPH_DEBOUNCE_MS).
 */
export default fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    let reporter: HomeGraphReporter | null = null;
    if (config.googleServiceAccountFile) {
      const client = new HomeGraphClient(readServiceAccount(config.googleServiceAccountFile), config.homegraphUrl);
      reporter = new HomeGraphReporter(client, { snapshot: (householdId) => snapshot(app, householdId) }, config.homegraphDebounceMs, (err) => app.log.warn({ err }, 'homegraph report failed'));
      const r = reporter;
      // What this instance published only: in a fleet, each change is reported by the instance it
      // happened on, not once more by every peer the relay hands it to.
      const unsubscribe = app.events.subscribeLocal((event) => {
        if (event.type === 'stock.updated' || event.type === 'household.updated' || event.type === 'order.updated' || event.type === 'mirror.power') r.changed(event.householdId);
      });
      app.addHook('onClose', async () => {
        unsubscribe();
        r.close();
      });
    } else if (config.googleOAuth) {
      app.log.info('GOOGLE_SERVICE_ACCOUNT_FILE is not set: Google Home works, but Report State and Request Sync are off');
    }
    app.decorate('googleHome', { reporter });
    await app.register(googleHomeRoutes, { app, reporter });
  },
  { name: 'google-home', dependencies: ['core', 'households', 'oauth', 'supplies', 'orders', 'skills', 'mirror-power'] },
);
