import type { MigrationSet } from '@server/store/migration-kit';

export const privacyMigrations: MigrationSet = {
  '0900_privacy_consents': {
    async up(db) {
      await db.schema
        .createTable('consents')
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['household_id', 'source'])
        .execute();
    },
  },
  '0901_privacy_audit': {
    async up(db) {
      await db.schema
        .createTable('privacy_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text')
        .addColumn('detail', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('privacy_audit_household_at').on('privacy_audit').columns(['household_id', 'at']).execute();
    },
  },
  '0902_telemetry_daily': {
    async up(db, t) {
      // Summaries go with their supply: deleting a supply deletes its history.
      await db.schema
        .createTable('telemetry_daily')
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('supply_id', 'text', (c) => c.notNull().references('supplies.id').onDelete('cascade'))
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('min_level', t.float, (c) => c.notNull())
        .addColumn('max_level', t.float, (c) => c.notNull())
        .addColumn('mean_level', t.float, (c) => c.notNull())
        .addColumn('last_level', t.float, (c) => c.notNull())
        .addColumn('last_at', 'text', (c) => c.notNull())
        .addColumn('first_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('telemetry_daily_pk', ['supply_id', 'day'])
        .execute();
      await db.schema.createIndex('telemetry_daily_household').on('telemetry_daily').column('household_id').execute();
    },
  },
  '0910_privacy_erase_confirmations': {
    async up(db) {
      // A fresh, single-use confirmation the erase must present, bound to the token that asked for it.
      await db.schema
        .createTable('erase_confirmations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('erase_confirmations_household').on('erase_confirmations').column('household_id').execute();
    },
  },
};
