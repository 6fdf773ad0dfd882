import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { offsetClock, systemClock, type Clock } from '@server/core/clock';
import { EventBus } from '@server/core/event-bus';
import { ErrorResponse } from '@server/core/schemas';
import bindingsPlugin from '@server/bindings/plugin';
import calendarPlugin from '@server/calendar/plugin';
import dayContextPlugin from '@server/day-context/plugin';
import homeAssistantPlugin from '@server/home-assistant/plugin';
import alexaEventsPlugin from '@server/alexa-events/plugin';
import googleHomePlugin from '@server/google-home/plugin';
import fleetPlugin from '@server/fleet/plugin';
import householdsPlugin from '@server/households/plugin';
import oauthPlugin from '@server/oauth/plugin';
import mirrorPlugin from '@server/mirror/plugin';
import mirrorPowerPlugin from '@server/mirror/power-plugin';
import ordersPlugin from '@server/orders/plugin';
import outfitsPlugin from '@server/outfits/plugin';
import authPlugin from '@server/plugins/auth';
import type { Config } from '@server/plugins/config';
import corePlugin from '@server/plugins/core';
import errorsPlugin from '@server/plugins/errors';
import batchReadsPlugin from '@server/plugins/batch-reads';
import healthPlugin from '@server/plugins/health';
import { loggerOptions, OneLinePerRequest } from '@server/plugins/logging';
import { AppError } from '@server/core/errors';
import appPagePlugin from '@server/app-page/plugin';
import { containsNul, LazySchemas } from '@server/plugins/validation';
import privacyPlugin from '@server/privacy/plugin';
import securityHeadersPlugin from '@server/plugins/security-headers';
import skillsPlugin, { type SkillsPluginOptions } from '@server/skills/plugin';
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
  /** Where Alexa's certificate chains are fetched from and which roots anchor them (tests: a local CA). */
  alexaTrust?: SkillsPluginOptions['alexaVerifier'];
}

export type App = FastifyInstance;

/** A hop count trusts that many proxies in front (proxy-addr's meaning), said as a function for Fastify's types. */
function trustProxyOption(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Builds the whole app without listening (server/main.ts listens; tests inject). Order matters:
 * cross-cutting plugins first (errors and auth must see every route), then capabilities in
 * dependency order, each declaring what it needs so a wrong order fails at start.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? (config.fakeNow ? offsetClock(new Date(config.fakeNow)) : systemClock);
  const store = options.store ?? (await Store.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgSchema: config.pgSchema }));
  const ownsStore = !options.store;
  await store.migrate();

  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    logController: new OneLinePerRequest(),
    bodyLimit: 1024 * 1024,
    // Behind a load balancer, the client's address and scheme come from X-Forwarded-* (TRUST_PROXY).
    trustProxy: trustProxyOption(config.trustProxy),
    forceCloseConnections: true,
    // Request ids are in every log line so one request's story can be followed.
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const schemas = new LazySchemas({ ErrorResponse });
  app.setValidatorCompiler(schemas.validatorCompiler);
  app.setSerializerCompiler(schemas.serializerCompiler);
  // Once listening, the schemas not used yet are compiled in the background (see LazySchemas).
  app.addHook('onListen', async () => {
    setImmediate(() => void schemas.warmUp().catch((err: unknown) => app.log.error({ err }, 'a route schema does not compile')));
  });
  app.decorate('schemas', schemas);
  app.addSchema(ErrorResponse);
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.body) || containsNul(request.query)) {
      throw new AppError('errors.validationFailed', 400, { where: 'body', detail: 'must not contain a NUL character' });
    }
  });

  const events = new EventBus(clock, (err) => app.log.error({ err }, 'event listener failed'));
  await app.register(corePlugin, { config, clock, store, events });
  await app.register(errorsPlugin);
  // Right after core: every capability's periodic job asks it for a lease, the mirror for its feed.
  await app.register(fleetPlugin);

  // Helmet's headers (strict CSP, no framing, no sniffing), computed once rather than per request.
  await app.register(securityHeadersPlugin);
  // With REDIS_URL, one counter per key for the whole fleet (Redis INCR + PEXPIRE), else per process.
  // Loaded only then: a household's own server never carries the Redis client.
  const redis: Redis | null = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: (n: number) => Math.min(n * 200, 2_000) }) : null;
  if (redis) {
    redis.on('error', (err: Error) => app.log.warn({ err: err.message }, 'redis (rate limits) not reachable'));
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
  // Per address, before authentication: a request with a bad or guessed token counts like any
  // other (the auth hook would answer 401 first if the limit ran per route, after it). The hook is
  // on the root, added before the auth plugin's, so it runs first; `config.rateLimit: false`
  // (liveness) is left alone, and a route's own `config.rateLimit` replaces it.
  await app.register(rateLimit, {
    global: false,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    ...(redis ? { redis, nameSpace: `miroir-rl-${config.pgSchema ?? 'public'}-`, skipOnError: true } : {}),
  });
  const perAddress = app.rateLimit();
  app.addHook('onRequest', async (request, reply) => {
    // A route with a limit of its own (the OAuth consent form) is held to that one, per address
    // too: the plugin runs one limiter per request, so this one must step aside for it.
    const own = request.routeOptions.config?.rateLimit;
    if (own === false || (typeof own === 'object' && own !== null)) return;
    await perAddress.call(app, request, reply);
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
  await app.register(batchReadsPlugin);
  await app.register(privacyPlugin);
  await app.register(weatherPlugin);
  await app.register(calendarPlugin);
  await app.register(dayContextPlugin);
  await app.register(wardrobePlugin);
  await app.register(outfitsPlugin);
  await app.register(suppliesPlugin);
  await app.register(ordersPlugin);
  await app.register(oauthPlugin);
  // Integrations translate foreign systems to and from the capabilities above (they need orders' hooks in place).
  await app.register(bindingsPlugin);
  await app.register(homeAssistantPlugin);
  await app.register(mirrorPowerPlugin);
  await app.register(skillsPlugin, { alexaVerifier: options.alexaTrust });
  await app.register(googleHomePlugin);
  await app.register(alexaEventsPlugin);
  await app.register(mirrorPlugin);
  // The household app's page last: it only serves files, every API it calls is registered above.
  await app.register(appPagePlugin);

  if (ownsStore) app.addHook('onClose', async () => store.close());
  return app;
}
