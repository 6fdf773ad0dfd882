import { OrdersJobs } from '@server/orders/jobs';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createSupply } from '@test/supplies/fixtures';

describe('orders background jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('ticks on an unref’d timer until stopped, sending what is due', async () => {
    const h = await t.household();
    const milk = await createSupply(t, h, { name: 'Milk', unit: 'L', capacity: 2, level: 1, sku: 'milk-1l', policy: { mode: 'notify', cancelWindowHours: 0 } });
    const { order } = await t.app.orders.create(h.id, { supplyId: milk.id, idempotencyKey: 'jobs-test-0001', channel: 'mirror' });
    const jobs = new OrdersJobs(t.app.orders, t.app.log, 10);
    jobs.start();
    const deadline = Date.now() + 15_000;
    while ((await t.app.orders.get(h.id, order.id)).status === 'scheduled' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await jobs.stop();
    expect((await t.app.orders.get(h.id, order.id)).status).toBe('placed');
    const audit = await t.app.orders.history(h.id, order.id);
    expect(audit[0]).toMatchObject({ toStatus: 'approved', actor: 'person', channel: 'mirror' });
  });
});
