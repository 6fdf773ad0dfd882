import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase, type Transaction } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import { GroupCommitter } from './group-commit';
import { Checkpointer } from './checkpointer';
import { transactionSyncedLater, WalSync } from './wal-sync';
import type { Client } from 'pg';
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

/**
 * The PostgreSQL driver, loaded only when a store needs it: the embedded SQLite default (a mirror
 * on a Raspberry Pi) never pays its start time and memory.
 */
async function loadPg(): Promise<typeof import('pg')> {
  const pg = await import('pg');
  // COUNT(*) and other int8 come back as strings by default; our counts fit in a JS number.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  return pg;
}

export class Store {
  /** SQLite only: concurrent units of work share one transaction and one fsync. */
  readonly groupCommitter: GroupCommitter | null;

  private constructor(
    readonly db: Db,
    readonly dialect: DialectName,
    readonly location: string,
    private readonly closeDriver: () => Promise<void>,
    /** The PostgreSQL schema this store works in, when not the default one. */
    readonly pgSchema?: string,
    private readonly pgConnection?: { connectionString: string; options?: string },
    /** SQLite on a file: each transaction's fsync runs off the event loop (wal-sync.ts). */
    readonly walSync?: WalSync,
    /** SQLite on a file: checkpoints off the event loop. */
    readonly checkpointer?: Checkpointer,
  ) {
    this.groupCommitter =
      dialect === 'sqlite' ? new GroupCommitter(db, (tx, hooks) => this.commitHooks.set(tx, hooks), undefined, walSync ?? null) : null;
  }

  /**
   * A connection of its own, outside the pool, on the same database and schema: for LISTEN, which
   * holds its connection for as long as it listens. PostgreSQL only; the caller ends it.
   */
  async dedicatedClient(applicationName?: string): Promise<Client> {
    if (!this.pgConnection) throw new Error('a dedicated connection needs PostgreSQL');
    const { Client } = await loadPg();
    const client = new Client({ ...this.pgConnection, ...(applicationName ? { application_name: applicationName } : {}) });
    // A connection cut (server restart) is reported to the owner through 'end'; never a crash.
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  static async open(options: StoreOptions): Promise<Store> {
    if (options.databaseUrl) {
      const schema = options.pgSchema;
      if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
      const { Pool } = await loadPg();
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
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const walSync = file === ':memory:' ? undefined : new WalSync(`${filePath}-wal`);
    const checkpointer = walSync ? new Checkpointer(filePath, walSync, (pages) => sqlite.pragma(`wal_autocheckpoint = ${pages}`)) : undefined;
    return new Store(
      db,
      'sqlite',
      filePath,
      async () => {
        await checkpointer?.close();
        await db.destroy();
        walSync?.close();
      },
      undefined,
      undefined,
      walSync,
      checkpointer,
    );
  }

  async migrate(): Promise<string[]> {
    if (this.dialect === 'sqlite') {
      // Kysely runs SQLite's migrations outside a transaction (its adapter says DDL is not
      // transactional, for PRAGMAs that none of ours use): each statement would commit and fsync
      // on its own, and a crash between two would leave a schema half migrated. One transaction
      // makes the whole set atomic, as it is on PostgreSQL, and a fresh store one fsync.
      return this.db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const applied = await runMigrations(conn, this.dialect);
          await sql`commit`.execute(conn);
          return applied;
        } catch (err) {
          await sql`rollback`.execute(conn);
          throw err;
        }
      });
    }
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

  /**
   * Runs `work` in one transaction: all of it is stored, or none of it, and the promise resolves
   * once it is durable. On SQLite the commit's fsync runs off the event loop (wal-sync.ts), so a
   * write never stops the other requests for as long as the disk takes.
   *
   * `durable: false` is for rows whose loss in a power cut costs nothing but asking again (a
   * five-minute URL token: the page asks for another when its stream reconnects): committed as
   * atomically, visible at once, but answered without waiting for the disk (SQLite's WAL fsync,
   * PostgreSQL's `synchronous_commit`). A crash of the process alone loses nothing either way.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    const durable = options.durable ?? true;
    const committed: (() => unknown)[] = [];
    const { value, syncLater } = await transactionSyncedLater(this.db, this.walSync, async (tx) => {
      this.commitHooks.set(tx, committed);
      if (!durable && this.dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(tx);
      return work(tx);
    });
    // A hook may return a promise (a fleet-wide invalidation waiting to be delivered): the
    // transaction's caller goes on once it settled.
    const hooks = Promise.all(committed.map((hook) => hook()));
    if (syncLater && durable) {
      try {
        await this.walSync!.sync();
      } catch (error) {
        // Committed but perhaps not on disk: the caller is not told it was stored.
        await hooks.catch(() => undefined);
        throw error;
      }
    }
    await hooks;
    return value;
  }

  /**
   * Runs `hook` once what `db` wrote is committed: at once for the store itself (each statement
   * commits alone), after the commit for a transaction of this store (never on a rollback). In-memory
   * caches use it to drop what a write made stale only once no reader can see the old rows any more.
   * A transaction this store did not open (there is none today) runs it at once.
   */
  afterCommit(db: Queryable, hook: () => unknown): Promise<void> {
    const hooks = db === this.db ? undefined : this.commitHooks.get(db as Tx);
    if (hooks) {
      hooks.push(hook);
      return Promise.resolve();
    }
    return Promise.resolve(hook()).then(() => undefined);
  }

  /** Hooks waiting for the commit of each open transaction. */
  private readonly commitHooks = new WeakMap<Tx, (() => unknown)[]>();

  /**
   * Like `transaction`, for small, frequent writes (device readings): on SQLite the work shares a
   * transaction, and its fsync, with whatever else arrived meanwhile, inside its own savepoint, and
   * resolves once that transaction is committed. PostgreSQL commits concurrent transactions on
   * many connections and groups their WAL flushes itself, so there it is a plain transaction.
   * The work must only touch the database, and only through `tx` (no network, no `store.db`: on
   * SQLite's one connection such a query would wait for the very group it is part of).
   */
  async groupTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.groupCommitter ? this.groupCommitter.run(work) : this.transaction(work);
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

/**
 * Kysely prepares every query anew; SQLite's prepare (parse and plan) then costs more than running
 * a small indexed query. Statements are kept by their SQL text, most recently used first, so the
 * few dozen shapes the server runs are prepared once. Reusing one is safe: SQLite re-plans a
 * statement whose tables changed, and Kysely runs one query at a time on its single connection.
 */
function withStatementCache(database: Database.Database, max = 512): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/** The PostgreSQL advisory lock held while migrating (an arbitrary constant: "miroir" in ASCII). */
export const MIGRATION_LOCK_ID = 0x6d69726f6972;

async function runMigrations(db: Db, dialect: DialectName, pgSchema?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across schemas unless told which one is ours.
  // Each capability numbers its migrations in its own block, so a new one may sort before one a
  // store already ran (0510 after 0902): they are applied in name order among those not yet run.
  const migrator = new Migrator({ db, provider: buildMigrationProvider(dialect), allowUnorderedMigrations: true, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
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
