import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
import { createProvider } from './providers';
import { weatherRoutes } from './routes';
import { WeatherService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    weather: WeatherService;
  }
}

/** How often the background job looks; a forecast is fetched only when its TTL has run out. */
const REFRESH_EVERY_MS = 5 * 60_000;

/** The weather capability: its service, store access and routes. */
export default fp(
  async (app: FastifyInstance) => {
    const service = new WeatherService({
      store: app.store,
      clock: app.clock,
      events: app.events,
      households: app.households,
      consents: app.consents,
      provider: createProvider(app.config),
      onBackgroundError: (err) => app.log.warn({ err }, 'weather refresh failed'),
    });
    app.decorate('weather', service);
    await app.register(weatherRoutes);

    // preClose: in-flight provider requests are aborted before the job waits for its run to end.
    app.addHook('preClose', async () => service.close());
    schedulePeriodicJob(app, 'weather refresh', () => service.refreshAll(), { everyMs: REFRESH_EVERY_MS });
  },
  { name: 'weather', dependencies: ['core', 'households', 'privacy'] },
);
