import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { DEFAULT_OUTBOX_LEASE_MS } from '@server/orders/dispatcher';
import { WebhookStore } from '@server/orders/stores/webhook';
import type { Order } from '@server/orders/types';
import { loadConfig } from '@server/plugins/config';
import { Store } from '@server/store/store';
import { bundleChild } from '@test/helpers/child-bundle';
import { createTestStore, describeEachStore, TEST_PG_URL } from '@test/helpers/stores';
import { StubStore } from './fixtures/stub-store';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'crash-test-secret-000000000001';
const T0 = '2026-11-30T07:00:00Z';
let childScript: string;
let disposeChild: () => void = () => {};

beforeAll(async () => {
  const child = await bundleChild(path.join(__dirname, 'fixtures/crash-child.ts'), 'crash-child');
  childScript = child.script;
  disposeChild = child.dispose;
});
afterAll(() => disposeChild());

describeEachStore('an order survives a crash between scheduled and placed', (kind) => {
  it('a process killed while sending places the order exactly once after restart', async () => {
    const testStore = await createTestStore(kind);
    const clock = new ManualClock(T0);
    const stub = new StubStore(SECRET, () => clock.now().getTime());
    await stub.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-crash-data-'));
    const config = loadConfig({ MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', MIROIR_BACKGROUND_JOBS: 'false' });
    const withStub = async (store: Store) => {
      const app = await buildApp({ config, clock, store, logger: false });
      app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: stub.url, secret: SECRET }, clock));
      await app.ready();
      return app;
    };
    let reopened: Store | null = null;
    try {
      // 1. Decide: an order is scheduled with a one-hour cancel window.
      const first = await withStub(testStore.store);
      const household = await first.households.create({ name: 'Crash', locale: 'en-US' });
      const auth = { authorization: `Bearer ${household.token}` };
      const supply = await first.supplies.create(household.household.id, {
        name: 'Milk',
        unit: 'L',
        capacity: 2,
        level: 1,
        sku: 'GRO-MILK-1L',
        storeId: 'stub',
        policy: { mode: 'notify', cancelWindowHours: 1 },
      });
      const created = await first.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth, 'idempotency-key': 'crash-order-0001' }, payload: { supplyId: supply.id } });
      const order = created.json() as Order;
      expect(order.status).toBe('scheduled');
      await first.close();

      // 2. Send, and die while the store holds the request: it has booked the order, we never heard back.
      clock.advanceHours(2);
      stub.hold = true;
      const booked = stub.nextOrder();
      const child = fork(childScript, [], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: {
          ...process.env,
          NODE_PATH: path.join(ROOT, 'node_modules'),
          CHILD_NOW: clock.now().toISOString(),
          CHILD_STUB_URL: stub.url,
          CHILD_STUB_SECRET: SECRET,
          ...(kind === 'postgres' ? { CHILD_PG_URL: TEST_PG_URL, CHILD_PG_SCHEMA: testStore.where } : { CHILD_DATA_DIR: testStore.where }),
        },
      });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      const outcome = await Promise.race([booked.then(() => 'booked'), exited.then(() => `exited early: ${stderr}`)]);
      expect(outcome).toBe('booked');
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(stub.orders.size).toBe(1);
      const afterCrash = await testStore.store.db.selectFrom('orders').select(['status', 'store_order_ref']).where('id', '=', order.id).executeTakeFirstOrThrow();
      expect(afterCrash).toEqual({ status: 'scheduled', store_order_ref: null });

      // 3. Restart on the same store: the outbox still holds the send, which goes again with the same key.
      stub.hold = false;
      reopened = kind === 'postgres' ? await Store.open({ databaseUrl: TEST_PG_URL, pgSchema: testStore.where, pgPoolSize: 2 }) : await Store.open({ dataDir: testStore.where });
      clock.advance(60_000);
      const second = await withStub(reopened);
      if (kind === 'postgres') {
        // The killed process leased the row (several instances may share this PostgreSQL): until
        // its lease has passed, nobody sends it again; then the next instance to tick takes it over.
        expect((await second.orders.processDue()).dispatched).toBe(0);
        clock.advance(DEFAULT_OUTBOX_LEASE_MS);
      }
      const tick = await second.orders.processDue();
      expect(tick.dispatched).toBe(1);
      await second.orders.processDue();
      const placed = await second.orders.get(household.household.id, order.id);
      expect(placed).toMatchObject({ status: 'confirmed', storeOrderRef: 'STUB-1' });
      expect(stub.orderRequests).toBe(2);
      expect(stub.orders.size).toBe(1);
      const pending = await reopened.db.selectFrom('outbox').select('id').where('done_at', 'is', null).execute();
      expect(pending).toHaveLength(0);
      await second.close();
    } finally {
      await reopened?.close();
      await stub.stop();
      await testStore.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // Two app starts and a child process: generous, for a loaded CI machine.
  }, 120_000);
});
