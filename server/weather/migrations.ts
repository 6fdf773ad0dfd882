import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the weather capability; names start with its number block (see store/migrations.ts). */
export const weatherMigrations: MigrationSet = {
  '0101_weather_forecasts': {
    async up(db) {
      await db.schema
        .createTable('weather_forecasts')
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('location_key', 'text', (c) => c.notNull())
        .addColumn('forecast', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('fresh_until', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('weather_forecasts_pk', ['household_id', 'provider'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('weather_forecasts').execute();
    },
  },
};
