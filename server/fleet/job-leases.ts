import type { Clock } from '@server/core/clock';
import type { Store } from '@server/store/store';

export interface JobLeasesOptions {
  /** This instance, as written in `job_leases.holder`. */
  holder: string;
  /** How long a claim holds without renewal: a dead holder's job is taken over after this. */
  leaseMs: number;
}

/** A run may start this much before its period is over (ticks of several instances are not in phase). */
const PERIOD_SLACK = 0.1;

/** A claimed run: renew it while working, release it when done. */
export interface JobClaim {
  release(): Promise<void>;
}

/**
 * Periodic jobs once per period across instances sharing one PostgreSQL. Each job is one row of
 * `job_leases`; an instance runs it only after claiming it with one compare-and-set UPDATE: the
 * period is over (`next_run_at`) and no live lease is held (`lease_until`). The holder renews its
 * lease while the run lasts and, when done, releases it and sets the next period. An instance
 * killed mid-run stops renewing: once its lease has passed, the next instance to tick takes the
 * job over (the period it left unfinished is run again). Times come from the injected clock.
 */
export class JobLeases {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: JobLeasesOptions) {}

  /** The claim of one run of `name` (period `everyMs`), or null when it is not this instance's turn. */
  async claim(name: string, everyMs: number): Promise<JobClaim | null> {
    const db = this.store.db;
    const started = this.clock.now();
    const now = started.toISOString();
    await db.insertInto('job_leases').values({ name, holder: null, lease_until: null, next_run_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const claimed = await db
      .updateTable('job_leases')
      .set((eb) => ({ holder: this.options.holder, lease_until: this.leaseEnd(), last_started_at: now, runs: eb('runs', '+', 1) }))
      .where('name', '=', name)
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return null;
    const holder = this.options.holder;
    const renew = setInterval(() => {
      db.updateTable('job_leases').set({ lease_until: this.leaseEnd() }).where('name', '=', name).where('holder', '=', holder).execute().catch(() => {});
    }, Math.max(1, Math.floor(this.options.leaseMs / 3)));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        const next = new Date(started.getTime() + Math.round(everyMs * (1 - PERIOD_SLACK))).toISOString();
        await db
          .updateTable('job_leases')
          .set({ holder: null, lease_until: null, next_run_at: next, last_finished_at: this.clock.now().toISOString() })
          .where('name', '=', name)
          .where('holder', '=', holder)
          .execute();
      },
    };
  }

  private leaseEnd(): string {
    return new Date(this.clock.now().getTime() + this.options.leaseMs).toISOString();
  }
}
