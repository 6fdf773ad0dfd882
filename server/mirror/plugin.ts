import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { eventRoutes } from './routes';
import { mirrorStatic } from './static';
import { StreamHub } from './stream-hub';

declare module 'fastify' {
  interface FastifyInstance {
    mirror: StreamHub;
  }
}

/** The mirror capability: the page at /mirror and the live stream it listens to. */
export default fp(
  async (app: FastifyInstance) => {
    const hub = new StreamHub(app.events);
    app.decorate('mirror', hub);
    // preClose, not onClose: open streams would otherwise keep close() waiting for their sockets.
    app.addHook('preClose', async () => hub.closeAll());
    app.privacy.onErase((householdId) => hub.closeHousehold(householdId));
    await app.register(eventRoutes(hub));
    await app.register(async (scope) => mirrorStatic(scope));
  },
  { name: 'mirror', dependencies: ['core', 'households', 'auth', 'privacy'] },
);
