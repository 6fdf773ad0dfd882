import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The day context: outdoor hours, their weather, and the day's dress code, for a profile and a date. */
export default fp(
  async (_app: FastifyInstance) => {
    // The service is decorated here as `app.dayContext` once built.
  },
  { name: 'day-context', dependencies: ['core', 'households', 'weather', 'calendar'] },
);
