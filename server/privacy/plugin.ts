import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
import { ConsentService } from './consents';
import { privacyRoutes } from './routes';
import { PrivacyService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    consents: ConsentService;
    privacy: PrivacyService;
  }
}

/** Compaction is cheap when there is nothing to do; every few hours keeps each run small. */
const RETENTION_EVERY_MS = 6 * 3_600_000;

/** Registered early: every capability that collects data asks it for consent. */
export default fp(
  async (app: FastifyInstance) => {
    const consents = new ConsentService(app.store, app.clock, app.households.tokens);
    app.decorate('consents', consents);
    app.decorate('privacy', new PrivacyService(app.store, app.clock, consents, app.config.dataDir, app.config.telemetryRetentionDays, app.households.tokens));
    await app.register(privacyRoutes);

    schedulePeriodicJob(
      app,
      'telemetry retention',
      async () => {
        const result = await app.privacy.compactTelemetry();
        if (result.compacted > 0) app.log.info(result, 'telemetry compacted');
      },
      // A minute after start: not in the way of the first requests.
      { everyMs: RETENTION_EVERY_MS, firstAfterMs: 60_000 },
    );
  },
  { name: 'privacy', dependencies: ['core', 'households'] },
);
