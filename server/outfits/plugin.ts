import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The outfits capability: its service, store access and routes. */
export default fp(
  async (_app: FastifyInstance) => {
    // Routes and service are registered here as the capability is built.
  },
  { name: 'outfits', dependencies: ['core', 'households', 'weather', 'calendar', 'day-context', 'wardrobe'] },
);
