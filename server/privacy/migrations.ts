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
};
