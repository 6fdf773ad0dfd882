import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the home-assistant capability (0850–0899). */
export const homeAssistantMigrations: MigrationSet = {
  '0850_home_assistant_core': {
    async up(db) {
      await db.schema
        .createTable('home_assistant_settings')
        .addColumn('household_id', 'text', (c) => c.primaryKey().references('households.id').onDelete('cascade'))
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('home_assistant_topics')
        .addColumn('topic', 'text', (c) => c.primaryKey())
        // No foreign key to supplies: the row must outlive its supply until its topic is cleared.
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('supply_id', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('home_assistant_topics_household').on('home_assistant_topics').column('household_id').execute();
    },
  },
};
