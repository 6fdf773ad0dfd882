import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MirrorPowerService } from './power';
import { mirrorPowerRoutes } from './power-routes';

declare module 'fastify' {
  interface FastifyInstance {
    mirrorPower: MirrorPowerService;
  }
}

/**
 * The mirror's awake/night state and its manual override. A plugin of its own, registered before
 * the voice adapters that switch it (Google Home's OnOff), while the page and its stream
 * (plugin.ts) stay last.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.decorate('mirrorPower', new MirrorPowerService(app.store, app.clock, app.households, app.events));
    await app.register(mirrorPowerRoutes);
  },
  { name: 'mirror-power', dependencies: ['core', 'households', 'auth'] },
);
