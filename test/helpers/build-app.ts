import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { loadConfig, type Config } from '@server/plugins/config';
import type { DialectName } from '@server/store/store';
import { createTestStore, type TestStore } from './stores';

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  config: Config;
  testStore: TestStore;
  dataDir: string;
  /** Creates a household and returns its id, token and default profile id. */
  household(name?: string, locale?: string, currency?: string): Promise<{ id: string; token: string; profileId: string; auth: { authorization: string } }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  store?: DialectName;
  now?: string;
  env?: Record<string, string>;
}

/**
 * The real app on a fresh store with a manual clock, for `inject()`. Outside services (weather,
 * stores, Amazon, Google) are pointed at local stubs through `env`.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testStore = await createTestStore(options.store ?? 'sqlite');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-data-'));
  const config = loadConfig({
    MIROIR_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    MIROIR_RATE_LIMIT: '100000',
    MIROIR_BACKGROUND_JOBS: 'false',
    OPEN_METEO_URL: 'http://127.0.0.1:9/v1',
    MET_NO_URL: 'http://127.0.0.1:9/weatherapi',
    OPEN_METEO_GEOCODING_URL: 'http://127.0.0.1:9/v1',
    ...options.env,
  });
  const clock = new ManualClock(options.now ?? '2026-11-30T07:00:00Z');
  const app = await buildApp({ config, clock, store: testStore.store, logger: false });
  await app.ready();
  return {
    app,
    clock,
    config,
    testStore,
    dataDir,
    // EUR whatever the locale: the tests' prices and caps were written in euros (the locale's own
    // currency, the service's default, is tested in test/households/currency.test.ts).
    async household(name = 'Test household', locale = 'en-US', currency = 'EUR') {
      const created = await app.households.create({ name, locale, timezone: 'Europe/Paris', latitude: 48.85, longitude: 2.35, currency });
      return {
        id: created.household.id,
        token: created.token,
        profileId: created.profiles[0].id,
        auth: { authorization: `Bearer ${created.token}` },
      };
    },
    async close() {
      await app.close();
      await testStore.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
