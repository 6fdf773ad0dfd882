import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { householdRoutes } from './routes';
import { HouseholdService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    households: HouseholdService;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    app.decorate('households', new HouseholdService(app.store, app.clock));
    await app.register(householdRoutes);
  },
  { name: 'households', dependencies: ['core'] },
);
