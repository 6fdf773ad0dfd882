import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { householdRoutes } from './routes';
import { HouseholdService } from './service';
import { HouseholdSetup } from './setup';
import { setupRoutes } from './setup-routes';
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
    await app.register(householdRoutes);
    await app.register(tokenRoutes(households.tokens));
    await app.register(setupRoutes(new HouseholdSetup(app.store, households)));
  },
  { name: 'households', dependencies: ['core'] },
);
