import { sql } from 'kysely';
import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the fleet layer (11xx): the shared event log and the job leases. */
export const fleetMigrations: MigrationSet = {
  '1100_fleet_event_log': {
    async up(db, t) {
      // Household data (event payloads): rows go with their household; an insert for a household
      // being erased is filtered out by the publisher, not failed.
      const pg = t.name === 'postgres';
      await db.schema
        .createTable('event_log')
        .addColumn('id', pg ? sql`bigserial` : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('event_log_household').on('event_log').columns(['household_id', 'id']).execute();
    },
  },
  '1101_fleet_job_leases': {
    async up(db) {
      await db.schema
        .createTable('job_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('next_run_at', 'text', (c) => c.notNull())
        .addColumn('last_started_at', 'text')
        .addColumn('last_finished_at', 'text')
        .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
