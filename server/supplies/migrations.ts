import { sql } from 'kysely';
import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the supplies capability (05xx). */
export const suppliesMigrations: MigrationSet = {
  '0500_supplies_core': {
    async up(db, t) {
      await db.schema
        .createTable('supplies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('capacity', t.float, (c) => c.notNull())
        .addColumn('level', t.float, (c) => c.notNull())
        .addColumn('level_at', 'text')
        .addColumn('reorder_point', t.float, (c) => c.notNull())
        .addColumn('sku', 'text')
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('policy_mode', 'text', (c) => c.notNull())
        .addColumn('max_per_order', t.float)
        .addColumn('max_per_month', t.float)
        .addColumn('cancel_window_hours', t.float, (c) => c.notNull())
        .addColumn('margin_days', t.float, (c) => c.notNull())
        .addColumn('reorder_quantity', 'integer')
        .addColumn('rate_per_day', t.float)
        .addColumn('forecast_level', t.float)
        .addColumn('low_since', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('supplies_household').on('supplies').column('household_id').execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .execute();
      await db.schema.createIndex('devices_household').on('devices').column('household_id').execute();

      await db.schema
        .createTable('device_supplies')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
        .addColumn('supply_id', 'text', (c) => c.notNull().references('supplies.id').onDelete('cascade'))
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('device_supplies_pk', ['device_id', 'supply_id'])
        .execute();

      await db.schema
        .createTable('readings')
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('supply_id', 'text', (c) => c.notNull().references('supplies.id').onDelete('cascade'))
        .addColumn('device_id', 'text')
        .addColumn('level', t.float, (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        // The reading id is the idempotency key: a retried or duplicated reading is one row.
        .addPrimaryKeyConstraint('readings_pk', ['household_id', 'id'])
        .execute();
      await db.schema.createIndex('readings_supply_at').on('readings').columns(['supply_id', 'at']).execute();
    },
  },
  '0510_readings_unique_per_device': {
    // A reading id is its reporter's own numbering: two devices both counting from 1 are two
    // readings. The key becomes (household, origin, id), origin being the device id for device
    // readings and '' for manual and delivery ones (whose ids are unique by construction). The
    // table is rebuilt because SQLite cannot change a primary key in place.
    async up(db, t) {
      await db.schema
        .createTable('readings_v2')
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('supply_id', 'text', (c) => c.notNull().references('supplies.id').onDelete('cascade'))
        .addColumn('device_id', 'text')
        .addColumn('level', t.float, (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('readings_v2_pk', ['household_id', 'origin', 'id'])
        .execute();
      await sql`insert into readings_v2 (household_id, origin, id, supply_id, device_id, level, at, received_at, source)
        select household_id, coalesce(device_id, ''), id, supply_id, device_id, level, at, received_at, source from readings`.execute(db);
      await db.schema.dropTable('readings').execute();
      await db.schema.alterTable('readings_v2').renameTo('readings').execute();
      await db.schema.createIndex('readings_supply_at').on('readings').columns(['supply_id', 'at']).execute();
    },
  },
  '0511_supplies_reorder_request': {
    // The reorder decision is asked for in the reading's transaction and made after it (the store
    // is asked for a price first, outside any transaction): `reorder_after` keeps the request so
    // a crash in between, or a failed order's retry with backoff, is picked up by the next tick.
    async up(db) {
      await db.schema.alterTable('supplies').addColumn('reorder_after', 'text').execute();
      await db.schema.alterTable('supplies').addColumn('reorder_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('supplies_reorder_after').on('supplies').column('reorder_after').execute();
    },
  },
  '0560_supplies_forecast_at': {
    // When the stored forecast was last computed from the history: device readings in between
    // carry it forward instead of re-reading weeks of readings each (see carryForecast).
    async up(db) {
      await db.schema.alterTable('supplies').addColumn('forecast_at', 'text').execute();
    },
  },
  '0561_readings_write_order': {
    // Two readings with the same time (two manual updates in one instant) are told apart by the
    // order they were written in: SQLite's rowid says it already; PostgreSQL gets a sequence.
    async up(db, dialect) {
      if (dialect.name === 'postgres') await sql`alter table readings add column seq bigserial`.execute(db);
    },
  },
  '0562_readings_latest_index': {
    // The latest reading of a supply is asked for on every reading stored, ordered by time, then
    // arrival, then write order: with all three in the index it is one seek instead of a sort of
    // the readings sharing the latest time. (SQLite keeps the rowid in every index already.)
    // The window queries use the same index's prefix.
    async up(db, dialect) {
      const columns = dialect.name === 'postgres' ? ['supply_id', 'at', 'received_at', 'seq'] : ['supply_id', 'at', 'received_at'];
      await db.schema.createIndex('readings_supply_latest').on('readings').columns(columns).execute();
      await db.schema.dropIndex('readings_supply_at').execute();
    },
  },
};
