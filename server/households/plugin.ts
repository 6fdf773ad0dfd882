import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { householdRoutes } from './routes';
import { HouseholdService } from './service';
import { tokenRoutes } from './token-routes';

declare module 'fastify' {
  interface FastifyInstance {
    households: HouseholdService;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const households = new HouseholdService(app.store, app.clock);
    app.decorate('households', households);
    // Several instances on one PostgreSQL: token invalidations reach every one of them.
    if (app.fleet.relay) households.tokens.shareWith(app.fleet.relay);
    await app.register(householdRoutes);
    await app.register(tokenRoutes(households.tokens));
  },
  { name: 'households', dependencies: ['core', 'fleet'] },
);
