import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
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

    let timer: NodeJS.Timeout | null = null;
    if (app.config.backgroundJobs) {
      app.addHook('onReady', async () => {
        const tick = (): void => {
          service.refreshAll().catch((err: unknown) => app.log.warn({ err }, 'weather refresh failed'));
        };
        timer = setInterval(tick, REFRESH_EVERY_MS);
        // A refresh timer must never keep an otherwise finished process alive.
        timer.unref();
        tick();
      });
    }
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      service.close();
    });
  },
  { name: 'weather', dependencies: ['core', 'households', 'privacy'] },
);
