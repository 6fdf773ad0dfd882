import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the orders capability; names start with its number block (see store/migrations.ts). */
export const ordersMigrations: MigrationSet = {};
