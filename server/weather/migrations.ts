import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the weather capability; names start with its number block (see store/migrations.ts). */
export const weatherMigrations: MigrationSet = {};
