import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { calendarRoutes } from './routes';
import { CalendarService, DEFAULT_CALENDAR_OPTIONS } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    calendar: CalendarService;
  }
}

/** How often the refresh job looks for URL feeds older than the refresh interval. */
const REFRESH_TICK_MS = 5 * 60_000;

/** The calendar capability: its service, store access, routes and the periodic feed refresh. */
export default fp(
  async (app: FastifyInstance) => {
    const service = new CalendarService(app.store, app.clock, app.events, app.consents, app.households, DEFAULT_CALENDAR_OPTIONS);
    app.decorate('calendar', service);
    await app.register(calendarRoutes);
    app.privacy.onErase(() => service.pruneCache());

    let timer: NodeJS.Timeout | null = null;
    if (app.config.backgroundJobs) {
      app.addHook('onReady', async () => {
        const tick = (): void => {
          service.refreshDue().catch((err: unknown) => app.log.error({ err }, 'calendar refresh failed'));
        };
        timer = setInterval(tick, REFRESH_TICK_MS);
        // The refresh must never keep a process alive that is otherwise done.
        timer.unref();
        tick();
      });
    }
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await service.stop();
    });
  },
  { name: 'calendar', dependencies: ['core', 'households', 'privacy'] },
);
