import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { eventRoutes } from './routes';
import { mirrorStatic } from './static';
import { warmUpMirrorStart } from './start-warm-up';
import { StreamHub } from './stream-hub';

declare module 'fastify' {
  interface FastifyInstance {
    mirror: StreamHub;
  }
}

/** The mirror capability: the page at /mirror and the live stream it listens to. */
export default fp(
  async (app: FastifyInstance) => {
    // One process: the bus and a replay buffer in memory. A fleet: the shared event log, so a page
    // sees what any instance published and resumes on whichever instance it reconnects to.
    const relay = app.fleet.relay;
    const hub = new StreamHub(relay ?? app.events);
    app.decorate('mirror', hub);
    // preClose, not onClose: open streams would otherwise keep close() waiting for their sockets.
    app.addHook('preClose', async () => hub.closeAll());
    app.privacy.onErase(async (householdId) => {
      hub.closeHousehold(householdId);
      // The household's pages open on the other instances are closed too.
      await relay?.announceErased(householdId);
    });
    relay?.onErased((householdId) => hub.closeHousehold(householdId));
    await app.register(eventRoutes(hub));
    await app.register(async (scope) => mirrorStatic(scope));
    if (app.config.backgroundJobs) {
      app.addHook('onListen', async () => {
        setImmediate(() => void warmUpMirrorStart(app).catch((err: unknown) => app.log.warn({ err }, "the mirror's start-up reads not made ahead")));
      });
    }
  },
  { name: 'mirror', dependencies: ['core', 'fleet', 'households', 'auth', 'privacy'] },
);
