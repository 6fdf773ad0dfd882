import { sql } from 'kysely';
import type { MigrationSet } from '@server/store/migration-kit';
import { IN_FLIGHT_STATUSES } from './state-machine';

/** Migrations of the orders capability (06xx). */
export const ordersMigrations: MigrationSet = {
  '0600_orders_core': {
    async up(db, t) {
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('supply_id', 'text', (c) => c.notNull().references('supplies.id').onDelete('cascade'))
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('unit_price', t.float, (c) => c.notNull())
        .addColumn('total', t.float, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('send_after', 'text')
        .addColumn('store_order_ref', 'text')
        .addColumn('failure', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_household_created').on('orders').columns(['household_id', 'created_at']).execute();
      await db.schema.createIndex('orders_idempotency').on('orders').columns(['household_id', 'idempotency_key']).unique().execute();
      // One order in flight per supply, enforced by the database itself: two racing writers
      // (50 copies of a reading, 20 identical requests, two server instances) cannot both win.
      const inFlight = IN_FLIGHT_STATUSES.map((s) => `'${s}'`).join(', ');
      await db.schema
        .createIndex('orders_one_in_flight')
        .on('orders')
        .column('supply_id')
        .unique()
        .where(sql.raw<boolean>(`status in (${inFlight})`))
        .execute();

      await db.schema
        .createTable('order_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'at']).execute();
      await db.schema.createIndex('order_events_household').on('order_events').column('household_id').execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('available_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('done_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_pending').on('outbox').columns(['done_at', 'available_at']).execute();

      await db.schema
        .createTable('sim_store_orders')
        .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .addColumn('lead_hours', t.float, (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0610_orders_pack_and_expiry': {
    // What a delivery adds is what was ordered: the pack size and unit are kept on the order
    // (null on orders made before: a delivery of those refills to capacity). Proposals expire.
    // The key a store dedupes on is the order's own (its id), not the client's: an order that
    // may already have reached a store (an attempt was made) keeps the key it was sent with, so
    // its resend is still recognised there.
    async up(db, t) {
      await db.schema.alterTable('orders').addColumn('pack_size', t.float).execute();
      await db.schema.alterTable('orders').addColumn('pack_unit', 'text').execute();
      await db.schema.alterTable('orders').addColumn('expires_at', 'text').execute();
      await db.schema.alterTable('orders').addColumn('store_key', 'text').execute();
      await sql`update orders set store_key = case
          when store_order_ref is not null or exists (select 1 from outbox where outbox.order_id = orders.id and outbox.attempts > 0) then idempotency_key
          else id end`.execute(db);
      await db.schema.createIndex('orders_status_expires').on('orders').columns(['status', 'expires_at']).execute();
    },
  },
  '0620_orders_outbox_lease': {
    // Several instances on one PostgreSQL: a row being sent is leased (claimed with FOR UPDATE
    // SKIP LOCKED) until lease_until; a killed instance's rows are taken over once it has passed.
    async up(db) {
      await db.schema.alterTable('outbox').addColumn('lease_until', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('leased_by', 'text').execute();
    },
  },
};
