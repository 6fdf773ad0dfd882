import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the outfits capability; names start with its number block (see store/migrations.ts). */
export const outfitsMigrations: MigrationSet = {};
