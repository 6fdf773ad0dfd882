import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { loadConfig } from '@server/plugins/config';
import { createTestStore, type TestStore } from '@test/helpers/stores';

/** The real schedule the app wires (server/orders/plugin.ts), not a timer built by the test. */
describe('orders background jobs', () => {
  let testStore: TestStore;
  let dataDir: string;
  const clock = new ManualClock('2026-11-30T07:00:00Z');
  const config = (jobs: boolean) =>
    loadConfig({
      MIROIR_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      MIROIR_BACKGROUND_JOBS: String(jobs),
      OPEN_METEO_URL: 'http://127.0.0.1:9/v1',
      MET_NO_URL: 'http://127.0.0.1:9/weatherapi',
    });
  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-jobs-'));
  });
  afterAll(async () => {
    await testStore.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an app started with background jobs sends what is due on its own, and none without them', async () => {
    // Decided by an app without background jobs: nothing is sent however long it runs.
    const quiet = await buildApp({ config: config(false), clock, store: testStore.store, logger: false });
    await quiet.ready();
    const created = await quiet.households.create({ name: 'Jobs', locale: 'en-US' });
    const householdId = created.household.id;
    const milk = await quiet.supplies.create(householdId, { name: 'Milk', unit: 'L', capacity: 2, level: 1, sku: 'milk-1l', policy: { mode: 'notify', cancelWindowHours: 0 } });
    const { order } = await quiet.orders.create(householdId, { supplyId: milk.id, idempotencyKey: 'jobs-test-0001', channel: 'mirror' });
    await new Promise((r) => setTimeout(r, 200));
    expect((await quiet.orders.get(householdId, order.id)).status).toBe('scheduled');
    await quiet.close();

    // The same store under an app with its background jobs on: its tick places the order, with no call from here.
    const busy = await buildApp({ config: config(true), clock, store: testStore.store, logger: false });
    try {
      await busy.ready();
      const deadline = Date.now() + 15_000;
      while ((await busy.orders.get(householdId, order.id)).status === 'scheduled' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await busy.orders.get(householdId, order.id)).status).toBe('placed');
      const audit = await busy.orders.history(householdId, order.id);
      expect(audit.map((e) => `${e.toStatus}:${e.actor}`)).toEqual(['approved:person', 'scheduled:system', 'placed:store']);
    } finally {
      // Closing waits for a tick in progress and stops the timer (the test would hang on a live timer otherwise).
      await busy.close();
    }
  });
});
