import { Migrator, sql } from 'kysely';
import { buildMigrationProvider } from '@server/store/migrations';
import { MIGRATION_LOCK_ID } from '@server/store/store';
import type { TestStore } from './stores';

/** Migrates a fresh store (created with `migrate: false`) up to `name` only: what an older Miroir left behind. */
export async function migrateTo(ts: TestStore, name: string): Promise<void> {
  const run = async (db: typeof ts.store.db) => {
    const migrator = new Migrator({ db, provider: buildMigrationProvider(ts.kind), ...(ts.kind === 'postgres' ? { migrationTableSchema: ts.where } : {}) });
    const { error } = await migrator.migrateTo(name);
    if (error) throw error;
  };
  if (ts.kind === 'sqlite') return run(ts.store.db);
  // Under the same advisory lock as Store.migrate: other workers' migrations introspect every schema.
  await ts.store.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      await run(conn);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
}
