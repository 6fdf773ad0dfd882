import { Worker } from 'node:worker_threads';
import type { WalSync } from './wal-sync';

/** The WAL size at which the thread starts: where SQLite's own first checkpoint would be (1000 pages). */
const START_AT_BYTES = 4 * 1024 * 1024;
/** How often the thread checkpoints once it runs (the WAL is reused, not grown, after one). */
const CHECKPOINT_EVERY_MS = 1_000;
/**
 * The committing connection's own checkpoints, kept as a backstop at four times SQLite's default:
 * under writes that never pause, a checkpoint from another connection always lags the last
 * commits, and the WAL can only start over once one got everything. By then the thread has
 * copied nearly all of it, so the backstop has only the tail left to copy.
 */
const BACKSTOP_PAGES = 4000;

/**
 * The thread that copies the WAL back into the database. SQLite checkpoints on the committing
 * connection by default, with two fsyncs, on the event loop: under a steady flow of readings that
 * was a sixth of the server's time, and seconds of stall on an SD card. Here a connection of its
 * own, on a worker thread, runs PASSIVE checkpoints (they never block the writer) every second,
 * one at a time; nothing is added to a commit. The thread starts when the WAL reaches the size of
 * SQLite's own first checkpoint, so a quiet home (the mirror's idle
 * server) never pays for it. Should it fail to start, SQLite's automatic checkpoints come back.
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
  /** The last checkpoint's result: WAL frames, and how many of them are in the database now. */
  last: { log: number; checkpointed: number } | null;
  /** True while the worker runs the checkpoints (false: SQLite's automatic ones). */
  offloaded: boolean;
}

export class Checkpointer {
  private worker: Worker | null = null;
  private inFlight = false;
  private failed = false;
  readonly stats: CheckpointStats = { checkpoints: 0, last: null, offloaded: false };

  constructor(
    private readonly databasePath: string,
    private readonly walSync: WalSync,
    /** Sets the committing connection's wal_autocheckpoint (0 turns it off). */
    private readonly setAutocheckpoint: (pages: number) => void,
  ) {
    setAutocheckpoint(BACKSTOP_PAGES);
    this.stats.offloaded = true;
    this.timer = setInterval(() => this.tick(), CHECKPOINT_EVERY_MS);
    this.timer.unref();
  }

  private readonly timer: NodeJS.Timeout;

  private tick(): void {
    if (this.inFlight || this.failed) return;
    if (!this.worker) {
      const size = this.walSync.open() ? this.walSync.size() : null;
      if (size === null || size < START_AT_BYTES) return;
    }
    const worker = this.worker ?? this.start();
    if (!worker) return;
    this.inFlight = true;
    worker.postMessage('checkpoint');
  }

  private start(): Worker | null {
    try {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { driver: require.resolve('better-sqlite3'), path: this.databasePath },
        // Not the server's flags or preloads: a few lines and a connection need a small heap.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
      });
      worker.on('message', (result: { log?: number; checkpointed?: number } | null) => {
        this.inFlight = false;
        this.stats.checkpoints += 1;
        if (result && typeof result.log === 'number' && typeof result.checkpointed === 'number') this.stats.last = { log: result.log, checkpointed: result.checkpointed };
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
