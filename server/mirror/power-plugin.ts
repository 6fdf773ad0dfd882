import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
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
    const service = new MirrorPowerService(app.store, app.clock, app.households, app.events);
    app.decorate('mirrorPower', service);
    await app.register(mirrorPowerRoutes);
    // An override running out, and the scheduled night starting or ending, change what Google
    // should show: announced within a minute (once per minute across a fleet: the job's lease).
    schedulePeriodicJob(app, 'mirror override expiry', () => service.tick(), { everyMs: 60_000 });
  },
  { name: 'mirror-power', dependencies: ['core', 'fleet', 'households', 'auth'] },
);
