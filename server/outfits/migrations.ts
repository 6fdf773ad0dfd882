import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the outfits capability; names start with its number block (see store/migrations.ts). */
export const outfitsMigrations: MigrationSet = {
  '0401_outfits_personalisation': {
    async up(db, t) {
      await db.schema
        .createTable('outfit_profiles')
        .addColumn('profile_id', 'text', (c) => c.primaryKey().references('profiles.id').onDelete('cascade'))
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('comfort_offset', t.float, (c) => c.notNull().defaultTo(0))
        .addColumn('head', 'text', (c) => c.notNull())
        .addColumn('feedback_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outfit_profiles_household').on('outfit_profiles').column('household_id').execute();
      await db.schema
        .createTable('outfit_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('garment_ids', 'text', (c) => c.notNull())
        .addColumn('rating', 'text', (c) => c.notNull())
        .addColumn('learned', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outfit_feedback_profile').on('outfit_feedback').columns(['household_id', 'profile_id', 'date']).execute();
    },
  },
};
