import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
import { FeedNetwork } from './feed-guard';
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
    const network = new FeedNetwork(app.config.calendarAllowNetworks);
    if (app.config.calendarAllowNetworks.length > 0) app.log.info({ networks: app.config.calendarAllowNetworks }, 'calendar feeds may be fetched from these local networks');
    const service = new CalendarService(app.store, app.clock, app.events, app.consents, app.households, { ...DEFAULT_CALENDAR_OPTIONS, network });
    app.decorate('calendar', service);
    await app.register(calendarRoutes);
    app.privacy.onErase(() => service.pruneCache());

    // preClose: in-flight feed fetches are aborted before the job waits for its run to end.
    app.addHook('preClose', async () => service.stop());
    app.addHook('onClose', async () => network.close());
    schedulePeriodicJob(app, 'calendar refresh', () => service.refreshDue(), { everyMs: REFRESH_TICK_MS });
  },
  { name: 'calendar', dependencies: ['core', 'households', 'privacy'] },
);
