import { CompiledQuery } from 'kysely';
import fs from 'node:fs';
import type { Db, Tx } from './store';

/**
 * Makes the SQLite write-ahead log durable off the event loop.
 *
 * With synchronous=FULL, SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT on
 * the event loop: every transaction stopped the whole server for one fsync (about a millisecond
 * here, often ten on a Raspberry Pi's SD card, and up to 50 ms seen here when the disk is busy:
 * a mirror's start-up reads queued behind the one write of its start). A transaction (a group of
 * device readings, or any `Store.transaction`) instead commits with synchronous=NORMAL and then
 * waits for `sync()`, an fdatasync of the WAL on libuv's thread pool, before its caller is
 * answered. Acknowledged therefore still means on disk:
 * - the WAL is append-only between checkpoints, so syncing the file after the commit's frames are
 *   written makes that commit durable (the checksummed commit frame is what recovery replays);
 * - in WAL mode NORMAL never risks corruption, only the durability of commits not yet synced,
 *   and those are exactly the ones nobody has been told about yet;
 * - checkpoints and the WAL's reuse after one are synced by SQLite itself under NORMAL;
 * - a statement outside any transaction keeps synchronous=FULL and fsyncs the same file, and a
 *   transaction acknowledged after reading rows not yet synced waited for a later sync of that
 *   file: either way those rows were made durable first.
 * Readers may see a transaction's rows for the moment its sync takes before it is answered, as
 * they would see any committed row.
 *
 * Until the WAL file exists the first transaction commits with FULL (SQLite then also syncs the
 * directory that holds the new file); only then is it opened here.
 */
export class WalSync {
  private fd: number | null = null;
  private closed = false;
  syncs = 0;

  constructor(private readonly walPath: string) {}

  /** Opens the WAL here once it exists; true when it can be synced from here (until then commits keep synchronous=FULL). */
  open(): boolean {
    if (this.fd !== null) return true;
    if (this.closed) return false;
    try {
      // Never closed while SQLite holds the database open: closing a descriptor drops every
      // POSIX lock the process holds on that file.
      this.fd = fs.openSync(this.walPath, 'r+');
      return true;
    } catch {
      return false;
    }
  }

  sync(): Promise<void> {
    const fd = this.fd;
    if (fd === null) return Promise.reject(new Error('the WAL is not open'));
    this.syncs += 1;
    return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  /** The WAL's size in bytes, or null while it is not open here. */
  size(): number | null {
    if (this.fd === null) return null;
    try {
      return fs.fstatSync(this.fd).size;
    } catch {
      return null;
    }
  }

  /** After SQLite closed the database. */
  close(): void {
    this.closed = true;
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

// Run around every SQLite transaction: plain SQL, not rebuilt each time.
const RELAXED = CompiledQuery.raw('pragma synchronous = normal');
const FULL = CompiledQuery.raw('pragma synchronous = full');

/**
 * Runs `work` in one transaction on one connection. Where `walSync` can sync the WAL, that
 * transaction's COMMIT leaves the fsync to it (synchronous=NORMAL for this COMMIT and no other):
 * `syncLater` then says the caller must await `walSync.sync()` before telling anyone it is stored.
 */
export async function transactionSyncedLater<T>(db: Db, walSync: WalSync | null | undefined, work: (tx: Tx) => Promise<T>): Promise<{ value: T; syncLater: boolean }> {
  const syncLater = walSync?.open() ?? false;
  if (!syncLater) return { value: await db.transaction().execute(work), syncLater };
  const value = await db.connection().execute(async (conn) => {
    await conn.executeQuery(RELAXED);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await conn.executeQuery(FULL);
    }
  });
  return { value, syncLater };
}
