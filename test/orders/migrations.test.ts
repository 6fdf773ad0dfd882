import { sql } from 'kysely';
import { storeIdempotencyKey } from '@server/orders/dispatcher';
import { migrateTo } from '@test/helpers/migrate-to';
import { createTestStore, describeEachStore } from '@test/helpers/stores';

describeEachStore('0610: the key a store sees', (kind) => {
  it('an order that may already have reached the store keeps the key it was sent with; one never sent gets its own id', async () => {
    const ts = await createTestStore(kind, { migrate: false });
    try {
      await migrateTo(ts, '0600_orders_core');
      const at = '2026-11-30T07:00:00.000Z';
      const db = ts.store.db;
      await sql`insert into households (id, name, locale, timezone, created_at) values ('h1', 'Old home', 'en-US', 'Europe/Paris', ${at})`.execute(db);
      for (const s of ['s1', 's2']) {
        await sql`insert into supplies (id, household_id, name, unit, capacity, level, reorder_point, store_id, policy_mode, cancel_window_hours, margin_days, created_at, updated_at)
          values (${s}, 'h1', ${s}, 'L', 2, 1, 0.4, 'simulated', 'ask', 24, 1, ${at}, ${at})`.execute(db);
      }
      const order = async (id: string, supply: string, key: string, attempts: number) => {
        await sql`insert into orders (id, household_id, supply_id, store_id, sku, quantity, unit_price, total, currency, status, idempotency_key, request_hash, reason, channel, send_after, created_at, updated_at)
          values (${id}, 'h1', ${supply}, 'simulated', 'milk-1l', 1, 1.15, 1.15, 'EUR', 'scheduled', ${key}, 'x', 'requested', 'api', ${at}, ${at}, ${at})`.execute(db);
        await sql`insert into outbox (id, household_id, order_id, kind, available_at, attempts, created_at) values (${`ob-${id}`}, 'h1', ${id}, 'place', ${at}, ${attempts}, ${at})`.execute(db);
      };
      await order('o-sent', 's1', 'order-0001', 1);
      await order('o-new', 's2', 'order-0002', 0);

      await ts.store.migrate();
      const rows = await db.selectFrom('orders').select(['id', 'store_key']).orderBy('id').execute();
      expect(rows.map((r) => [r.id, storeIdempotencyKey(r)])).toEqual([
        ['o-new', 'o-new'],
        ['o-sent', 'order-0001'],
      ]);
    } finally {
      await ts.dispose();
    }
  });
});
