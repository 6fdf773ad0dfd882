import { ManualClock } from '@server/core/clock';
import { onceAcrossFleet } from '@server/core/periodic-job';
import { JobLeases } from '@server/fleet/job-leases';
import { Store } from '@server/store/store';
import { createTestStore, TEST_PG_URL, type TestStore } from '@test/helpers/stores';

describe('periodic jobs once per period across instances (job leases)', () => {
  let shared: TestStore;
  let other: Store;
  const clock = new ManualClock('2026-11-30T07:00:00Z');
  const LEASE = 30_000;
  const EVERY = 60_000;
  let a: JobLeases;
  let b: JobLeases;
  let c: JobLeases;
  beforeAll(async () => {
    shared = await createTestStore('postgres');
    other = await Store.open({ databaseUrl: TEST_PG_URL, pgSchema: shared.where, pgPoolSize: 3 });
    a = new JobLeases(shared.store, clock, { holder: 'a', leaseMs: LEASE });
    b = new JobLeases(other, clock, { holder: 'b', leaseMs: LEASE });
    c = new JobLeases(other, clock, { holder: 'c', leaseMs: LEASE });
  });
  afterAll(async () => {
    await other.close();
    await shared.dispose();
  });

  it('three instances ticking every period for ten periods: the job runs ten times, never twice at once', async () => {
    let runs = 0;
    let running = 0;
    let overlap = 0;
    const job = async () => {
      running++;
      if (running > 1) overlap++;
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    const ticks = [a, b, c].map((leases) => onceAcrossFleet(leases, 'retention', EVERY, job));
    for (let period = 0; period < 10; period++) {
      // Every instance ticks (at the same moment, the worst case), then time moves a period on.
      await Promise.all(ticks.map((tick) => tick()));
      await Promise.all(ticks.map((tick) => tick()));
      clock.advance(EVERY);
    }
    expect(runs).toBe(10);
    expect(overlap).toBe(0);
    const row = await shared.store.db.selectFrom('job_leases').selectAll().where('name', '=', 'retention').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ runs: 10, holder: null });
  });

  it('an instance that dies mid-run keeps the job until its lease passes; then another takes it over', async () => {
    const claim = await a.claim('weather', EVERY);
    expect(claim).not.toBeNull();
    // "a" is killed here: it never releases and never renews (the renewal timer died with it).
    clock.advance(LEASE - 1_000);
    expect(await b.claim('weather', EVERY)).toBeNull();
    clock.advance(2_000);
    const takeover = await b.claim('weather', EVERY);
    expect(takeover).not.toBeNull();
    await takeover?.release();
    // The period is now b's: nobody runs it again before the period is over.
    expect(await c.claim('weather', EVERY)).toBeNull();
    clock.advance(EVERY);
    const next = await c.claim('weather', EVERY);
    expect(next).not.toBeNull();
    await next?.release();
    // The dead holder's late release (a zombie that woke up) changes nothing.
    await claim?.release();
    const row = await shared.store.db.selectFrom('job_leases').selectAll().where('name', '=', 'weather').executeTakeFirstOrThrow();
    expect(row.runs).toBe(3);
  });
});
