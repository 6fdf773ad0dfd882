import fs from 'node:fs';

/**
 * Makes the SQLite write-ahead log durable off the event loop.
 *
 * With synchronous=FULL, SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT on
 * the event loop: every group of device readings stopped the whole server for one fsync (about
 * a millisecond here, often ten on a Raspberry Pi's SD card). A group instead commits with
 * synchronous=NORMAL and then waits for `sync()`, an fdatasync of the WAL on libuv's thread pool,
 * before any of its callers is answered. Acknowledged therefore still means on disk:
 * - the WAL is append-only between checkpoints, so syncing the file after the commit's frames are
 *   written makes that commit durable (the checksummed commit frame is what recovery replays);
 * - in WAL mode NORMAL never risks corruption, only the durability of commits not yet synced,
 *   and those are exactly the ones nobody has been told about yet;
 * - checkpoints and the WAL's reuse after one are synced by SQLite itself under NORMAL;
 * - any other write (synchronous=FULL outside groups) fsyncs the same file, so a write that read
 *   a group's rows and was acknowledged made them durable first.
 * Readers may see a group's rows for the moment its sync takes before it is answered, as they
 * would see any committed row.
 *
 * Until the WAL file exists the first group commits with FULL (SQLite then also syncs the
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
