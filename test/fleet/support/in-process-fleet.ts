import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { loadConfig } from '@server/plugins/config';
import { Store } from '@server/store/store';
import { createTestStore, TEST_PG_URL, type TestStore } from '@test/helpers/stores';

export interface FleetMember {
  app: FastifyInstance;
  store: Store;
  base: string;
}

export interface InProcessFleet {
  members: FleetMember[];
  clock: ManualClock;
  schema: string;
  close(): Promise<void>;
}

/**
 * Several real apps in this process on one PostgreSQL schema (one pool each, as separate
 * processes would have), each listening on 127.0.0.1, sharing one manual clock.
 */
export async function inProcessFleet(size: number, env: Record<string, string> = {}): Promise<InProcessFleet> {
  const testStore: TestStore = await createTestStore('postgres');
  const clock = new ManualClock('2026-11-30T07:00:00Z');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-fleet-'));
  const config = loadConfig({
    MIROIR_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    MIROIR_RATE_LIMIT: '100000',
    MIROIR_BACKGROUND_JOBS: 'false',
    OPEN_METEO_URL: 'http://127.0.0.1:9/v1',
    MET_NO_URL: 'http://127.0.0.1:9/weatherapi',
    ...env,
  });
  const members: FleetMember[] = [];
  for (let i = 0; i < size; i++) {
    const store = i === 0 ? testStore.store : await Store.open({ databaseUrl: TEST_PG_URL, pgSchema: testStore.where, pgPoolSize: 4 });
    const app = await buildApp({ config, clock, store, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    members.push({ app, store, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` });
  }
  return {
    members,
    clock,
    schema: testStore.where,
    async close() {
      for (const m of members) await m.app.close();
      for (const m of members.slice(1)) await m.store.close();
      await testStore.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
