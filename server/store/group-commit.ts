import { sql } from 'kysely';
import type { Db, Tx } from './store';

/**
 * Group commit for the embedded SQLite store: units of work that arrive while a transaction is
 * being written share the next transaction, and so one fsync (synchronous=FULL stays: what is
 * acknowledged survives a power cut). Each unit runs in its own savepoint, so one that fails is
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
}

export class GroupCommitter {
  private queue: Unit<unknown>[] = [];
  private running = false;
  readonly stats: GroupCommitStats = { groups: 0, units: 0, largestGroup: 0 };

  constructor(
    private readonly db: Db,
    /** Tells the store where the group's after-commit hooks go (see `Store.afterCommit`). */
    private readonly onOpen: (tx: Tx, committed: (() => unknown)[]) => void = () => {},
    /** A bound on one group, so the reads waiting behind it (one SQLite connection) wait little. */
    private readonly maxGroup = 256,
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
      await this.commit(group);
    }
    this.running = false;
  }

  private async commit(group: Unit<unknown>[]): Promise<void> {
    this.stats.groups += 1;
    this.stats.units += group.length;
    this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
    const outcomes: Outcome[] = [];
    const committed: (() => unknown)[] = [];
    try {
      await this.db.transaction().execute(async (tx) => {
        this.onOpen(tx, committed);
        for (const unit of group) {
          await sql`savepoint group_unit`.execute(tx);
          try {
            const value = await unit.work(tx);
            await sql`release savepoint group_unit`.execute(tx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`rollback to savepoint group_unit`.execute(tx);
            await sql`release savepoint group_unit`.execute(tx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this group was stored.
      group.forEach((unit, i) => unit.reject(outcomes[i] && !outcomes[i].ok ? outcomes[i].error : error));
      return;
    }
    // A unit rolled back to its savepoint may have left a hook: running it is only ever conservative.
    await Promise.all(committed.map((hook) => hook()));
    group.forEach((unit, i) => (outcomes[i].ok ? unit.resolve(outcomes[i].value) : unit.reject(outcomes[i].error)));
  }
}
