import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import path from 'node:path';
import { parseCidr } from '@server/core/cidr';

/**
 * The environment, validated once at start. A bad value stops the process with a message naming
 * the variable, instead of failing later on the first request that needs it.
 */
export const WEATHER_PROVIDERS = ['open-meteo', 'met-no'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  MIROIR_DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  WEATHER_PROVIDER: Type.Union(WEATHER_PROVIDERS.map((p) => Type.Literal(p)), { default: 'open-meteo' }),
  OPEN_METEO_URL: Type.String({ pattern: '^https?://', default: 'https://api.open-meteo.com/v1' }),
  MET_NO_URL: Type.String({ pattern: '^https?://', default: 'https://api.met.no/weatherapi' }),
  /** Open-Meteo's place search (first run's city search); its own host, beside OPEN_METEO_URL. */
  OPEN_METEO_GEOCODING_URL: Type.String({ pattern: '^https?://', default: 'https://geocoding-api.open-meteo.com/v1' }),
  ALEXA_SKILL_ID: Type.Optional(Type.String({ minLength: 1 })),
  ALEXA_VERIFY_SIGNATURE: Type.Boolean({ default: true }),
  GOOGLE_WEBHOOK_USER: Type.Optional(Type.String({ minLength: 1 })),
  GOOGLE_WEBHOOK_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  ALEXA_OAUTH_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  ALEXA_OAUTH_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  ALEXA_VENDOR_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]+$' })),
  GOOGLE_OAUTH_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  GOOGLE_OAUTH_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  GOOGLE_PROJECT_ID: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{4,61}[a-z0-9]$' })),
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 3600 }),
  OAUTH_AUTHORIZE_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 10 }),
  OAUTH_REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 365 }),
  GOOGLE_SERVICE_ACCOUNT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  HOMEGRAPH_URL: Type.String({ pattern: '^https?://', default: 'https://homegraph.googleapis.com' }),
  HOMEGRAPH_DEBOUNCE_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 2000 }),
  ALEXA_SKILL_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  ALEXA_SKILL_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  ALEXA_EVENTS_URL: Type.String({ pattern: '^https?://', default: 'https://api.eu.amazonalexa.com' }),
  ALEXA_EVENTS_STAGE: Type.Union([Type.Literal('development'), Type.Literal('live')], { default: 'development' }),
  LWA_TOKEN_URL: Type.String({ pattern: '^https?://', default: 'https://api.amazon.com/auth/o2/token' }),
  MQTT_URL: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp)://' })),
  MIROIR_MQTT_TRUST_BROKER: Type.Boolean({ default: false }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { default: 'info' }),
  MIROIR_FAKE_NOW: Type.Optional(Type.String({ format: 'date-time' })),
  MIROIR_DEMO_LOCALE: Type.Union([Type.Literal('fr-FR'), Type.Literal('en-US')], { default: 'fr-FR' }),
  MIROIR_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  MIROIR_RATE_LIMIT: Type.Integer({ minimum: 1, default: 600 }),
  MIROIR_BACKGROUND_JOBS: Type.Boolean({ default: true }),
  MIROIR_TELEMETRY_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 90 }),
  MIROIR_HA_DISCOVERY: Type.Boolean({ default: false }),
  MIROIR_HA_DISCOVERY_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$', maxLength: 100, default: 'homeassistant' }),
  MIROIR_CALENDAR_ALLOW_NETWORKS: Type.String({ default: '' }),
  MIROIR_PG_SCHEMA: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  TRUST_PROXY: Type.String({ minLength: 1, default: 'false' }),
  MIROIR_LEASE_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 120_000 }),
  MIROIR_ORDERS_TICK_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
  MIROIR_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 5_000 }),
});

export type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  weatherProvider: (typeof WEATHER_PROVIDERS)[number];
  openMeteoUrl: string;
  metNoUrl: string;
  geocodingUrl: string;
  alexaSkillId?: string;
  alexaVerifySignature: boolean;
  googleWebhookUser?: string;
  googleWebhookPassword?: string;
  /** Account linking (server/oauth): one client per voice platform, each with its exact redirect URIs. */
  alexaOAuth?: { clientId: string; clientSecret: string; vendorId: string };
  googleOAuth?: { clientId: string; clientSecret: string; projectId: string };
  oauthAccessTokenTtlSeconds: number;
  oauthRefreshTokenTtlDays: number;
  /** Consent-form posts per address and minute (each may carry a pairing-code guess). */
  oauthAuthorizePerMinute: number;
  /** Google Home (server/google-home): HomeGraph with a service account's key file. */
  googleServiceAccountFile?: string;
  homegraphUrl: string;
  homegraphDebounceMs: number;
  /** Alexa Proactive Events: the skill's own messaging credentials (not the account-linking client). */
  alexaSkillClient?: { clientId: string; clientSecret: string };
  alexaEventsUrl: string;
  /** `development` while the skill is in test, `live` once certified. */
  alexaEventsStage: 'development' | 'live';
  lwaTokenUrl: string;
  mqttUrl?: string;
  /** MQTT readings may leave out the device token: only for a broker that authenticates devices itself. */
  mqttTrustBroker: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  fakeNow?: string;
  demoLocale: 'fr-FR' | 'en-US';
  /** The address phones open (the join QR code); derived from HOST/PORT when unset (households/public-address.ts). */
  publicUrl?: string;
  rateLimitPerMinute: number;
  /**
   * Periodic work (weather and calendar refresh, the order outbox, simulated deliveries, MQTT).
   * Tests turn it off and call each job's tick themselves, after moving the manual clock.
   */
  backgroundJobs: boolean;
  /** Raw device readings older than this many days are compacted into daily summaries. */
  telemetryRetentionDays: number;
  /** Home Assistant MQTT discovery for every household that did not say otherwise (needs MQTT_URL). */
  haDiscovery: boolean;
  haDiscoveryPrefix: string;
  /**
   * Local networks (CIDR, e.g. `192.168.1.0/24`) calendar feeds may be fetched from. Empty by
   * default: a feed URL reaching this machine or the home network is refused (SSRF).
   */
  calendarAllowNetworks: string[];
  /** The PostgreSQL schema to work in (default: the connection's search_path, `public`). */
  pgSchema?: string;
  /** Rate limits shared by every instance through Redis when set; per process otherwise. */
  redisUrl?: string;
  /**
   * Whose `X-Forwarded-For` / `X-Forwarded-Proto` to believe (Fastify's trustProxy): false (none,
   * the default), true (any: only when nothing but the proxy can reach the instances), a hop
   * count, or a list of addresses / CIDRs.
   */
  trustProxy: boolean | number | string[];
  /** How long an outbox row or a periodic job claimed by an instance stays its own without renewal. */
  leaseMs: number;
  /** How often the orders job (due reorders, the outbox, deliveries) runs. */
  ordersTickMs: number;
  /** After SIGTERM: readiness answers 503 this long before the server stops (the load balancer notices). */
  drainMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const problems: string[] = [];
  const converted = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw)) as Record<string, unknown>;
  // TypeBox does not check `format` without a registered checker; dates get their own check.
  if (typeof converted.MIROIR_FAKE_NOW === 'string' && !ISO_DATE_TIME.test(converted.MIROIR_FAKE_NOW)) {
    problems.push(`MIROIR_FAKE_NOW must be an ISO 8601 date-time with an offset (got "${converted.MIROIR_FAKE_NOW}")`);
    delete converted.MIROIR_FAKE_NOW;
  }
  for (const error of Value.Errors(EnvSchema, converted)) {
    const name = error.path.replace(/^\//, '');
    if (name === 'MIROIR_FAKE_NOW') continue;
    problems.push(`${name}: ${error.message} (got ${JSON.stringify(raw[name])})`);
  }
  for (const flag of ['ALEXA_VERIFY_SIGNATURE', 'MIROIR_BACKGROUND_JOBS', 'MIROIR_HA_DISCOVERY', 'MIROIR_MQTT_TRUST_BROKER']) {
    const value = raw[flag];
    if (value !== undefined && !['true', 'false'].includes(String(value))) {
      problems.push(`${flag} must be "true" or "false" (got ${JSON.stringify(value)})`);
    }
  }
  const allowNetworks = String(converted.MIROIR_CALENDAR_ALLOW_NETWORKS ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  for (const network of allowNetworks) {
    try {
      parseCidr(network);
    } catch {
      problems.push(`MIROIR_CALENDAR_ALLOW_NETWORKS must be a comma-separated list of networks such as 192.168.1.0/24 (got ${JSON.stringify(network)})`);
    }
  }
  const groups: [string, string[]][] = [
    ['Alexa account linking', ['ALEXA_OAUTH_CLIENT_ID', 'ALEXA_OAUTH_CLIENT_SECRET', 'ALEXA_VENDOR_ID']],
    ['Google account linking', ['GOOGLE_OAUTH_CLIENT_ID', 'GOOGLE_OAUTH_CLIENT_SECRET', 'GOOGLE_PROJECT_ID']],
    ['Alexa proactive events', ['ALEXA_SKILL_CLIENT_ID', 'ALEXA_SKILL_CLIENT_SECRET']],
  ];
  for (const [what, names] of groups) {
    const set = names.filter((n) => raw[n] !== undefined);
    if (set.length > 0 && set.length < names.length) problems.push(`${what} needs ${names.join(', ')} together (missing ${names.filter((n) => !set.includes(n)).join(', ')})`);
  }
  // The join QR code carries it: a phone must be able to open it with `/app#join=…` appended.
  if (typeof converted.MIROIR_PUBLIC_URL === 'string') {
    let ok = false;
    try {
      const url = new URL(converted.MIROIR_PUBLIC_URL);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.search === '' && url.hash === '' && url.username === '';
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`MIROIR_PUBLIC_URL must be the address phones open, such as http://192.168.1.20:3000, without a query or fragment (got ${JSON.stringify(converted.MIROIR_PUBLIC_URL)})`);
  }
  if (typeof converted.TRUST_PROXY === 'string' && !/^(true|false|\d+|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/.test(converted.TRUST_PROXY)) {
    problems.push(`TRUST_PROXY must be true, false, a hop count or addresses/CIDRs separated by commas (got ${JSON.stringify(converted.TRUST_PROXY)})`);
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const e = converted as Env;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.MIROIR_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    weatherProvider: e.WEATHER_PROVIDER,
    openMeteoUrl: e.OPEN_METEO_URL.replace(/\/+$/, ''),
    metNoUrl: e.MET_NO_URL.replace(/\/+$/, ''),
    geocodingUrl: e.OPEN_METEO_GEOCODING_URL.replace(/\/+$/, ''),
    alexaSkillId: e.ALEXA_SKILL_ID,
    alexaVerifySignature: e.ALEXA_VERIFY_SIGNATURE,
    googleWebhookUser: e.GOOGLE_WEBHOOK_USER,
    googleWebhookPassword: e.GOOGLE_WEBHOOK_PASSWORD,
    alexaOAuth: e.ALEXA_OAUTH_CLIENT_ID && e.ALEXA_OAUTH_CLIENT_SECRET && e.ALEXA_VENDOR_ID ? { clientId: e.ALEXA_OAUTH_CLIENT_ID, clientSecret: e.ALEXA_OAUTH_CLIENT_SECRET, vendorId: e.ALEXA_VENDOR_ID } : undefined,
    googleOAuth: e.GOOGLE_OAUTH_CLIENT_ID && e.GOOGLE_OAUTH_CLIENT_SECRET && e.GOOGLE_PROJECT_ID ? { clientId: e.GOOGLE_OAUTH_CLIENT_ID, clientSecret: e.GOOGLE_OAUTH_CLIENT_SECRET, projectId: e.GOOGLE_PROJECT_ID } : undefined,
    oauthAccessTokenTtlSeconds: e.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
    oauthRefreshTokenTtlDays: e.OAUTH_REFRESH_TOKEN_TTL_DAYS,
    oauthAuthorizePerMinute: e.OAUTH_AUTHORIZE_PER_MINUTE,
    googleServiceAccountFile: e.GOOGLE_SERVICE_ACCOUNT_FILE,
    homegraphUrl: e.HOMEGRAPH_URL.replace(/\/+$/, ''),
    homegraphDebounceMs: e.HOMEGRAPH_DEBOUNCE_MS,
    alexaSkillClient: e.ALEXA_SKILL_CLIENT_ID && e.ALEXA_SKILL_CLIENT_SECRET ? { clientId: e.ALEXA_SKILL_CLIENT_ID, clientSecret: e.ALEXA_SKILL_CLIENT_SECRET } : undefined,
    alexaEventsUrl: e.ALEXA_EVENTS_URL.replace(/\/+$/, ''),
    alexaEventsStage: e.ALEXA_EVENTS_STAGE,
    lwaTokenUrl: e.LWA_TOKEN_URL,
    mqttUrl: e.MQTT_URL,
    mqttTrustBroker: e.MIROIR_MQTT_TRUST_BROKER,
    logLevel: e.LOG_LEVEL,
    fakeNow: e.MIROIR_FAKE_NOW,
    demoLocale: e.MIROIR_DEMO_LOCALE,
    publicUrl: e.MIROIR_PUBLIC_URL,
    rateLimitPerMinute: e.MIROIR_RATE_LIMIT,
    backgroundJobs: e.MIROIR_BACKGROUND_JOBS,
    telemetryRetentionDays: e.MIROIR_TELEMETRY_RETENTION_DAYS,
    haDiscovery: e.MIROIR_HA_DISCOVERY,
    haDiscoveryPrefix: e.MIROIR_HA_DISCOVERY_PREFIX,
    calendarAllowNetworks: allowNetworks,
    pgSchema: e.MIROIR_PG_SCHEMA,
    redisUrl: e.REDIS_URL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    leaseMs: e.MIROIR_LEASE_MS,
    ordersTickMs: e.MIROIR_ORDERS_TICK_MS,
    drainMs: e.MIROIR_DRAIN_MS,
  };
}

/** `true`, `false`, a hop count, or comma-separated addresses / CIDRs. */
export function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}
