import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the calendar capability; names start with its number block (see store/migrations.ts). */
export const calendarMigrations: MigrationSet = {
  '0201_calendar_core': {
    async up(db) {
      await db.schema
        .createTable('calendars')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('refreshed_at', 'text')
        .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calendars_household').on('calendars').column('household_id').execute();
      await db.schema
        .createTable('calendar_feeds')
        .addColumn('calendar_id', 'text', (c) => c.primaryKey().references('calendars.id').onDelete('cascade'))
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('ics', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0202_calendar_profile': {
    // A calendar may belong to one person (their work agenda) or to the whole household (null).
    async up(db) {
      await db.schema
        .alterTable('calendars')
        .addColumn('profile_id', 'text', (c) => c.references('profiles.id').onDelete('cascade'))
        .execute();
    },
  },
};
