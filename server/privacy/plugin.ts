import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ConsentService } from './consents';
import { privacyRoutes } from './routes';

declare module 'fastify' {
  interface FastifyInstance {
    consents: ConsentService;
  }
}

/** Registered early: every capability that collects data asks it for consent. */
export default fp(
  async (app: FastifyInstance) => {
    app.decorate('consents', new ConsentService(app.store, app.clock));
    await app.register(privacyRoutes);
  },
  { name: 'privacy', dependencies: ['core', 'households'] },
);
