import { Migrator } from 'kysely';
import { buildMigrationProvider } from '@server/store/migrations';
import { underMigrationLock, type TestStore } from './stores';

/** Migrates a fresh store (created with `migrate: false`) up to `name` only: what an older Miroir left behind. */
export async function migrateTo(ts: TestStore, name: string): Promise<void> {
  const run = async (db: typeof ts.store.db) => {
    const migrator = new Migrator({ db, provider: buildMigrationProvider(ts.kind), ...(ts.kind === 'postgres' ? { migrationTableSchema: ts.where } : {}) });
    const { error } = await migrator.migrateTo(name);
    if (error) throw error;
  };
  // Under the same advisory lock as Store.migrate: other workers' migrations introspect every schema.
  await underMigrationLock(ts.store, run);
}
