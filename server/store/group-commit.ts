import { CompiledQuery } from 'kysely';
import type { Db, Tx } from './store';
import { transactionSyncedLater, type WalSync } from './wal-sync';

// Run for every unit: plain SQL, not rebuilt each time.
const SAVEPOINT = CompiledQuery.raw('savepoint group_unit');
const RELEASE = CompiledQuery.raw('release savepoint group_unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint group_unit');

/**
 * Group commit for the embedded SQLite store: units of work that arrive while a transaction is
 * being written share the next transaction, and so one fsync (what is acknowledged survives a
 * power cut; with a WalSync that fsync runs off the event loop, see wal-sync.ts). Each unit runs in its own savepoint, so one that fails is
 * rolled back alone and its caller gets its own error; every caller's promise settles only after
 * the commit that holds its writes. Nothing waits on purpose: a group is whatever queued up while
 * the previous one was busy, so a quiet house commits each unit at once and a busy one batches.
 *
 * Units must not wait on anything but the database (no network call), since they hold the group.
 */
interface Unit<T> {
  work: (tx: Tx) => Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

interface Outcome {
  ok: boolean;
  value?: unknown;
  error?: unknown;
}

export interface GroupCommitStats {
  /** Transactions committed (or attempted). */
  groups: number;
  /** Units of work run in them. */
  units: number;
  largestGroup: number;
  /** Groups made durable by an fdatasync off the event loop rather than inside COMMIT. */
  walSyncs: number;
}

export class GroupCommitter {
  private queue: Unit<unknown>[] = [];
  private running = false;
  readonly stats: GroupCommitStats = { groups: 0, units: 0, largestGroup: 0, walSyncs: 0 };

  constructor(
    private readonly db: Db,
    /** Tells the store where the group's after-commit hooks go (see `Store.afterCommit`). */
    private readonly onOpen: (tx: Tx, committed: (() => unknown)[]) => void = () => {},
    /** A bound on one group, so the reads waiting behind it (one SQLite connection) wait little. */
    private readonly maxGroup = 256,
    private readonly walSync: WalSync | null = null,
  ) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Unit<unknown>);
      if (!this.running) {
        this.running = true;
        // One turn of the event loop lets the requests parsed in the same tick join the group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      // Pipelined: the next group's transaction runs while this one's WAL sync is on the disk.
      const { answered } = await this.commit(group);
      void answered;
    }
    this.running = false;
  }

  /** Runs the group's transaction; resolves once committed, with the promise of its callers being answered (wrapped, or await would wait for it too). */
  private async commit(group: Unit<unknown>[]): Promise<{ answered: Promise<void> }> {
    this.stats.groups += 1;
    this.stats.units += group.length;
    this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
    const outcomes: Outcome[] = [];
    const committed: (() => unknown)[] = [];
    let deferSync = false;
    try {
      ({ syncLater: deferSync } = await transactionSyncedLater(this.db, this.walSync, async (tx) => {
        this.onOpen(tx, committed);
        for (const unit of group) {
          await tx.executeQuery(SAVEPOINT);
          try {
            const value = await unit.work(tx);
            await tx.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await tx.executeQuery(ROLLBACK_TO);
            await tx.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
      }));
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this group was stored.
      group.forEach((unit, i) => unit.reject(outcomes[i] && !outcomes[i].ok ? outcomes[i].error : error));
      return { answered: Promise.resolve() };
    }
    if (deferSync) this.stats.walSyncs += 1;
    return { answered: this.settle(group, outcomes, committed, deferSync) };
  }

  /** After the commit: hooks, the WAL sync when the commit left it to us, then each caller's answer. Never rejects. */
  private async settle(group: Unit<unknown>[], outcomes: Outcome[], committed: (() => unknown)[], deferSync: boolean): Promise<void> {
    // A unit rolled back to its savepoint may have left a hook: running it is only ever conservative.
    const hooks = Promise.all(committed.map((hook) => hook())).catch(() => undefined);
    if (deferSync) {
      try {
        await this.walSync!.sync();
      } catch (error) {
        // Committed but perhaps not on disk: nobody is told it was stored (a device sends it
        // again, and a copy already stored is reported as a duplicate).
        await hooks;
        group.forEach((unit) => unit.reject(error));
        return;
      }
    }
    await hooks;
    group.forEach((unit, i) => (outcomes[i].ok ? unit.resolve(outcomes[i].value) : unit.reject(outcomes[i].error)));
  }
}
