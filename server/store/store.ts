import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Pool, types as pgTypes } from 'pg';
import { buildMigrationProvider } from './migrations';
import type { DatabaseSchema } from './schema';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<DatabaseSchema>;
export type Tx = Transaction<DatabaseSchema>;
/** A query runner: the store itself or an open transaction. Repositories accept either. */
export type Queryable = Db | Tx;

export interface StoreOptions {
  /** A `postgres://` URL switches to PostgreSQL; otherwise SQLite under `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** SQLite file name inside dataDir (default miroir.sqlite); ':memory:' for throwaway stores. */
  sqliteFile?: string;
  /** PostgreSQL schema to work in (created if missing); tests use one per run. */
  pgSchema?: string;
  pgPoolSize?: number;
}

// COUNT(*) and other int8 come back as strings by default; our counts fit in a JS number.
pgTypes.setTypeParser(20, (value: string) => Number(value));

export class Store {
  private constructor(
    readonly db: Db,
    readonly dialect: DialectName,
    readonly location: string,
    private readonly closeDriver: () => Promise<void>,
    /** The PostgreSQL schema this store works in, when not the default one. */
    readonly pgSchema?: string,
    private readonly pgConnection?: { connectionString: string; options?: string },
  ) {}

  /**
   * A connection of its own, outside the pool, on the same database and schema: for LISTEN, which
   * holds its connection for as long as it listens. PostgreSQL only; the caller ends it.
   */
  async dedicatedClient(): Promise<Client> {
    if (!this.pgConnection) throw new Error('a dedicated connection needs PostgreSQL');
    const client = new Client(this.pgConnection);
    // A connection cut (server restart) is reported to the owner through 'end'; never a crash.
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  static async open(options: StoreOptions): Promise<Store> {
    if (options.databaseUrl) {
      const schema = options.pgSchema;
      if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
      const connection = { connectionString: options.databaseUrl, options: schema ? `-c search_path=${schema}` : undefined };
      const pool = new Pool({ ...connection, max: options.pgPoolSize ?? 10 });
      // An idle client that errors (server restart) must not crash the process.
      pool.on('error', () => {});
      // A connection cut mid-query (server restart) errors on the client too; the query's own
      // promise reports it, so the stray event must not crash the process.
      pool.on('connect', (client) => client.on('error', () => {}));
      if (schema) {
        const client = await pool.connect();
        try {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        } finally {
          client.release();
        }
      }
      const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
      const where = redactUrl(options.databaseUrl) + (schema ? ` (schema ${schema})` : '');
      return new Store(
        db,
        'postgres',
        where,
        async () => {
          await db.destroy();
        },
        schema,
        connection,
      );
    }
    const file = options.sqliteFile ?? 'miroir.sqlite';
    let filePath = file;
    if (file !== ':memory:') {
      const dir = options.dataDir ?? './data';
      fs.mkdirSync(dir, { recursive: true });
      filePath = path.resolve(dir, file);
    }
    const sqlite = new Database(filePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // FULL: an acknowledged write survives a power cut, not only a process crash.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    return new Store(db, 'sqlite', filePath, async () => {
      await db.destroy();
    });
  }

  async migrate(): Promise<string[]> {
    if (this.dialect === 'sqlite') return runMigrations(this.db, this.dialect);
    // Several servers (or test workers) may share one PostgreSQL: migrations run one at a time
    // under a database-wide advisory lock, on one connection. Kysely introspects every schema
    // while it migrates, so whoever drops a schema takes the same lock (MIGRATION_LOCK_ID).
    return this.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
      try {
        return await runMigrations(conn, this.dialect, this.pgSchema);
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
      }
    });
  }

  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async ping(): Promise<boolean> {
    try {
      await sql`select 1 as ok`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.closeDriver();
  }
}

/** The PostgreSQL advisory lock held while migrating (an arbitrary constant: "miroir" in ASCII). */
export const MIGRATION_LOCK_ID = 0x6d69726f6972;

async function runMigrations(db: Db, dialect: DialectName, pgSchema?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across schemas unless told which one is ours.
  const migrator = new Migrator({ db, provider: buildMigrationProvider(dialect), ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Times are stored as UTC ISO strings in both dialects, so text order is time order. */
export const isoNow = (d: Date): string => d.toISOString();

export const toBool = (v: number | boolean | null | undefined): boolean => v === true || v === 1;
export const fromBool = (v: boolean): number => (v ? 1 : 0);
