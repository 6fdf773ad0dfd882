import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

export interface PeriodicJobOptions {
  everyMs: number;
  /** Delay before the first run; 0 runs at once on start. */
  firstAfterMs?: number;
}

/**
 * Background work on an unref'd timer (it never keeps a finished process alive). A run never
 * overlaps the previous one, a failure is logged and the next tick tries again, and `stop()`
 * waits for the run in progress so shutdown never cuts a write in half.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly log: FastifyBaseLogger,
    private readonly options: PeriodicJobOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.everyMs);
    this.timer.unref();
    const firstAfter = this.options.firstAfterMs ?? 0;
    if (firstAfter <= 0) this.tick();
    else {
      this.first = setTimeout(() => this.tick(), firstAfter);
      this.first.unref();
    }
  }

  private tick(): void {
    if (this.current) return;
    this.current = this.run()
      .catch((err: unknown) => this.log.error({ err, job: this.name }, 'background job failed'))
      .finally(() => {
        this.current = null;
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    this.timer = null;
    this.first = null;
    await this.current;
  }
}

/** The lease a fleet takes per job (server/fleet/job-leases.ts); what this file needs of it. */
export interface JobLeaseSource {
  claim(name: string, everyMs: number): Promise<{ release(): Promise<void> } | null>;
}

/**
 * `run`, but only when this instance wins the job's lease for the period: several instances on
 * one PostgreSQL each tick, and one of them runs it. Without leases (SQLite: one process), `run`.
 */
export function onceAcrossFleet(leases: JobLeaseSource | null, name: string, everyMs: number, run: () => Promise<unknown>): () => Promise<unknown> {
  if (!leases) return run;
  return async () => {
    const claim = await leases.claim(name, everyMs);
    if (!claim) return undefined;
    try {
      return await run();
    } finally {
      await claim.release();
    }
  };
}

/**
 * Runs `run` periodically while the app is up, when background jobs are on (tests turn them off
 * and call the job's tick themselves after moving the manual clock); once per period across the
 * fleet when several instances share a PostgreSQL.
 */
export function schedulePeriodicJob(app: FastifyInstance, name: string, run: () => Promise<unknown>, options: PeriodicJobOptions): void {
  if (!app.config.backgroundJobs) return;
  const job = new PeriodicJob(name, onceAcrossFleet(app.fleet.leases, name, options.everyMs, run), app.log, options);
  app.addHook('onReady', async () => job.start());
  app.addHook('onClose', async () => job.stop());
}
