import { Worker } from 'node:worker_threads';
import type { WalSync } from './wal-sync';

/** WAL growth that asks for a checkpoint (SQLite's own default is 1000 pages, about 4 MB). */
const CHECKPOINT_AFTER_BYTES = 1024 * 1024;

/**
 * The thread that copies the WAL back into the database. SQLite checkpoints on the committing
 * connection by default, with two fsyncs, on the event loop: under a steady flow of readings that
 * was a sixth of the server's time, and seconds of stall on an SD card. Here a connection of its
 * own, on a worker thread, runs PASSIVE checkpoints (they never block the writer) whenever the
 * WAL has grown by CHECKPOINT_AFTER_BYTES, one at a time. The thread starts with the first such
 * growth, so a quiet home (the mirror's idle server) never pays for it. Should it fail to start,
 * SQLite's automatic checkpoints come back.
 *
 * The worker is a few lines of JavaScript evaluated in place, so the same code runs from the
 * TypeScript sources (tests) and the bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let result = null;
  try { result = db.pragma('wal_checkpoint(PASSIVE)')[0]; } catch (error) { result = { error: String(error) }; }
  parentPort.postMessage(result);
});
`;

export interface CheckpointStats {
  checkpoints: number;
  /** True while the worker runs the checkpoints (false: SQLite's automatic ones). */
  offloaded: boolean;
}

export class Checkpointer {
  private worker: Worker | null = null;
  private inFlight = false;
  private failed = false;
  private sizeAtLast = 0;
  readonly stats: CheckpointStats = { checkpoints: 0, offloaded: false };

  constructor(
    private readonly databasePath: string,
    private readonly walSync: WalSync,
    /** Sets the committing connection's wal_autocheckpoint (0 turns it off). */
    private readonly setAutocheckpoint: (pages: number) => void,
  ) {
    setAutocheckpoint(0);
    this.stats.offloaded = true;
    // Writes outside transactions (a single statement commits alone) pass no afterCommit.
    this.timer = setInterval(() => this.afterCommit(), 5_000);
    this.timer.unref();
  }

  private readonly timer: NodeJS.Timeout;

  /** After a commit: asks for a checkpoint when the WAL grew enough since the last one. */
  afterCommit(): void {
    if (this.inFlight || this.failed) return;
    const size = this.walSync.ready ? this.walSync.size() : null;
    if (size === null || size - this.sizeAtLast < CHECKPOINT_AFTER_BYTES) {
      // The WAL restarts from its beginning once a checkpoint got everything.
      if (size !== null && size < this.sizeAtLast) this.sizeAtLast = 0;
      return;
    }
    const worker = this.worker ?? this.start();
    if (!worker) return;
    this.inFlight = true;
    this.sizeAtLast = size;
    worker.postMessage('checkpoint');
  }

  private start(): Worker | null {
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path: this.databasePath } });
      worker.on('message', () => {
        this.inFlight = false;
        this.stats.checkpoints += 1;
      });
      worker.on('error', () => this.fallBack());
      worker.unref();
      this.worker = worker;
      return worker;
    } catch {
      this.fallBack();
      return null;
    }
  }

  private fallBack(): void {
    this.failed = true;
    this.worker = null;
    this.stats.offloaded = false;
    this.setAutocheckpoint(1000);
  }

  /** Before the database closes: the worker's connection first, so the last close checkpoints everything. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.failed = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]);
    await worker.terminate();
  }
}
