import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the wardrobe capability; names start with its number block (see store/migrations.ts). */
export const wardrobeMigrations: MigrationSet = {
  '0301_wardrobe_garments': {
    async up(db, t) {
      await db.schema
        .createTable('garments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('profile_id', 'text', (c) => c.references('profiles.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('warmth', t.float, (c) => c.notNull())
        .addColumn('waterproof', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('formality', 'text', (c) => c.notNull())
        .addColumn('colors', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('available', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('photo', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('garments_household_profile').on('garments').columns(['household_id', 'profile_id']).execute();
    },
  },
  '0302_wardrobe_wear_log': {
    async up(db) {
      await db.schema
        .createTable('garment_wear')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
        .addColumn('garment_id', 'text', (c) => c.notNull().references('garments.id').onDelete('cascade'))
        .addColumn('worn_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Wearing the same garment twice the same day is one wear.
      await db.schema.createIndex('garment_wear_once_a_day').on('garment_wear').columns(['profile_id', 'garment_id', 'worn_on']).unique().execute();
      await db.schema.createIndex('garment_wear_recent').on('garment_wear').columns(['household_id', 'profile_id', 'worn_on']).execute();
    },
  },
};
