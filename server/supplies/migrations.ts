import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the supplies capability; names start with its number block (see store/migrations.ts). */
export const suppliesMigrations: MigrationSet = {};
