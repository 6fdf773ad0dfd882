import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the bindings capability (0800–0849). */
export const bindingsMigrations: MigrationSet = {
  '0800_bindings_core': {
    async up(db, t) {
      await db.schema
        .createTable('device_bindings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
        .addColumn('supply_id', 'text', (c) => c.notNull().references('supplies.id').onDelete('cascade'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('pointer', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('scale', t.float, (c) => c.notNull())
        .addColumn('value_offset', t.float, (c) => c.notNull())
        .addColumn('min_interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('device_bindings_household').on('device_bindings').column('household_id').execute();
    },
  },
};
