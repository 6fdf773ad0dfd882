import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { MIGRATION_LOCK_ID, Store, type DialectName } from '@server/store/store';

/** The local PostgreSQL every machine of this kind runs (trust auth). */
export const TEST_PG_URL = process.env.MIROIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const STORE_KINDS: DialectName[] = ['sqlite', 'postgres'];

export interface TestStore {
  store: Store;
  kind: DialectName;
  /** The SQLite data dir, or the PostgreSQL schema. */
  where: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated store: a new SQLite file in a temp dir, or a new PostgreSQL schema; both dropped on dispose. */
export async function createTestStore(kind: DialectName, options: { migrate?: boolean } = {}): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-test-'));
    const store = await Store.open({ dataDir: dir });
    if (options.migrate !== false) await store.migrate();
    return {
      store,
      kind,
      where: dir,
      dispose: async () => {
        await store.close().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await Store.open({ databaseUrl: TEST_PG_URL, pgSchema: schema, pgPoolSize: 5 });
  if (options.migrate !== false) await store.migrate();
  return {
    store,
    kind,
    where: schema,
    dispose: async () => {
      await store.close().catch(() => {});
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    // Under the migration lock: another worker's migration introspects every schema meanwhile.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Runs schema changes on one connection, under the migration lock on PostgreSQL: another worker's
 * migration introspects every schema's tables meanwhile, and fails on a table dropped under it.
 */
export async function underMigrationLock<T>(store: Store, work: (db: Store['db']) => Promise<T>): Promise<T> {
  return store.db.connection().execute(async (conn) => {
    if (store.dialect !== 'postgres') return work(conn);
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
}

/** Runs the same describe block on SQLite and on PostgreSQL. */
export function describeEachStore(name: string, body: (kind: DialectName) => void): void {
  for (const kind of STORE_KINDS) describe(`${name} [${kind}]`, () => body(kind));
}
