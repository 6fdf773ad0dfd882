import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DayContextService } from './service';
import type { AgendaSource } from './types';

declare module 'fastify' {
  interface FastifyInstance {
    dayContext: DayContextService;
  }
}

/** The day context: outdoor hours, their weather, and the day's dress code, for a profile and a date. */
export default fp(
  async (app: FastifyInstance) => {
    const service = new DayContextService({
      clock: app.clock,
      events: app.events,
      households: app.households,
      consents: app.consents,
      weather: app.weather,
      // Read when used: without the calendar capability the day simply has no events.
      agenda: () => (app.hasDecorator('calendar') ? (app.calendar as AgendaSource | undefined) ?? null : null),
    });
    app.decorate('dayContext', service);
    app.addHook('onClose', async () => service.close());
  },
  { name: 'day-context', dependencies: ['core', 'households', 'weather', 'calendar'] },
);
