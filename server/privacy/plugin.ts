import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
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
    const consents = new ConsentService(app.store, app.clock);
    app.decorate('consents', consents);
    app.decorate('privacy', new PrivacyService(app.store, app.clock, consents, app.config.dataDir, app.config.telemetryRetentionDays));
    await app.register(privacyRoutes);

    if (app.config.backgroundJobs) {
      const run = () => {
        app.privacy.compactTelemetry().then(
          (r) => r.compacted > 0 && app.log.info(r, 'telemetry compacted'),
          (err: unknown) => app.log.error({ err }, 'telemetry compaction failed'),
        );
      };
      const first = setTimeout(run, 60_000);
      const timer = setInterval(run, RETENTION_EVERY_MS);
      first.unref();
      timer.unref();
      app.addHook('onClose', async () => {
        clearTimeout(first);
        clearInterval(timer);
      });
    }
  },
  { name: 'privacy', dependencies: ['core', 'households'] },
);
