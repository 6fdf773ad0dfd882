import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { offsetClock, systemClock, type Clock } from '@server/core/clock';
import { EventBus } from '@server/core/event-bus';
import { hashToken } from '@server/core/ids';
import { ErrorResponse } from '@server/core/schemas';
import calendarPlugin from '@server/calendar/plugin';
import dayContextPlugin from '@server/day-context/plugin';
import householdsPlugin from '@server/households/plugin';
import mirrorPlugin from '@server/mirror/plugin';
import ordersPlugin from '@server/orders/plugin';
import outfitsPlugin from '@server/outfits/plugin';
import authPlugin, { bearerToken } from '@server/plugins/auth';
import type { Config } from '@server/plugins/config';
import corePlugin from '@server/plugins/core';
import errorsPlugin from '@server/plugins/errors';
import healthPlugin from '@server/plugins/health';
import { loggerOptions } from '@server/plugins/logging';
import { AppError } from '@server/core/errors';
import appPagePlugin from '@server/app-page/plugin';
import { containsNul, validatorCompiler } from '@server/plugins/validation';
import privacyPlugin from '@server/privacy/plugin';
import skillsPlugin from '@server/skills/plugin';
import { Store } from '@server/store/store';
import suppliesPlugin from '@server/supplies/plugin';
import wardrobePlugin from '@server/wardrobe/plugin';
import weatherPlugin from '@server/weather/plugin';

export interface AppOptions {
  config: Config;
  /** Defaults to the system clock, shifted to MIROIR_FAKE_NOW when set. */
  clock?: Clock;
  /** Defaults to the store the config names (SQLite under the data dir, or DATABASE_URL). */
  store?: Store;
  /** Pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
}

export type App = FastifyInstance;

/**
 * Builds the whole app without listening (server/main.ts listens; tests inject). Order matters:
 * cross-cutting plugins first (errors and auth must see every route), then capabilities in
 * dependency order, each declaring what it needs so a wrong order fails at start.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? (config.fakeNow ? offsetClock(new Date(config.fakeNow)) : systemClock);
  const store = options.store ?? (await Store.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const ownsStore = !options.store;
  await store.migrate();

  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    forceCloseConnections: true,
    // Request ids are in every log line so one request's story can be followed.
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.addSchema(ErrorResponse);
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.body) || containsNul(request.query)) {
      throw new AppError('errors.validationFailed', 400, { where: 'body', detail: 'must not contain a NUL character' });
    }
  });

  const events = new EventBus(clock, (err) => app.log.error({ err }, 'event listener failed'));
  await app.register(corePlugin, { config, clock, store, events });
  await app.register(errorsPlugin);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The mirror is reached over plain HTTP on the home network; HSTS would lock it out.
    strictTransportSecurity: false,
  });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per credential when there is one, so a household behind one NAT is not one bucket.
    keyGenerator: (request) => {
      const token = bearerToken(request);
      return token ? `t:${hashToken(token).slice(0, 24)}` : `ip:${request.ip}`;
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Miroir API', version: '1', description: 'What to wear, and what is running out.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(async (docs) => {
    // Everything in this context is documentation: public by declaration, not by URL.
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), auth: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    docs.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });

  await app.register(householdsPlugin);
  await app.register(authPlugin);
  await app.register(healthPlugin);
  await app.register(privacyPlugin);
  await app.register(weatherPlugin);
  await app.register(calendarPlugin);
  await app.register(dayContextPlugin);
  await app.register(wardrobePlugin);
  await app.register(outfitsPlugin);
  await app.register(suppliesPlugin);
  await app.register(ordersPlugin);
  await app.register(skillsPlugin);
  await app.register(mirrorPlugin);
  // The household app's page last: it only serves files, every API it calls is registered above.
  await app.register(appPagePlugin);

  if (ownsStore) app.addHook('onClose', async () => store.close());
  return app;
}
