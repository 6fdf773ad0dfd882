import { runFleet } from './support/fleet-harness';

const REDIS_URL = process.env.MIROIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

jest.setTimeout(150_000);

/**
 * Three real server processes on the local PostgreSQL and Redis, requests round-robin, with the
 * outbox holder SIGKILLed mid-dispatch and restarted (the figures: `npm run bench -- fleet`).
 */
describe('a fleet of three instances on one PostgreSQL', () => {
  it('delivers every event to every stream, places each order exactly once through a SIGKILL, runs the job once per period, holds the rate limit fleet-wide', async () => {
    const report = await runFleet({
      instances: 3,
      streams: 24,
      devices: 10,
      readingsPerDevice: 5,
      people: 10,
      rateLimit: 150,
      tickMs: 500,
      leaseMs: 2_500,
      storeDelayMs: 300,
      timeoutMs: 120_000,
      redisUrl: REDIS_URL,
      log: (line) => console.log(line),
    });
    expect(report.killed).toBe(true);
    // Every event, on every stream, streams cut by the kill resuming on another instance by Last-Event-ID.
    expect(report.events).toBeGreaterThan(0);
    expect(report.missing).toBe(0);
    // A reading posted to A shows on the streams open on B and C within a second; under the storm
    // (a SIGKILL, a restart, every process on this shared machine busy) the p99 stays bounded.
    expect(report.quietCrossInstanceMs).toBeLessThan(1000);
    expect(report.delayP50Ms).toBeLessThan(1000);
    expect(report.delayP99Ms).toBeLessThan(5000);
    expect(report.readings).toBe(50);
    // Exactly once at the store.
    expect(report.orders).toBe(10);
    expect(report.booked).toBe(10);
    expect(report.doubled).toBe(0);
    expect(report.lost).toBe(0);
    // Once per period with three instances ticking: about one run per tick, not three.
    expect(report.jobRuns).toBeGreaterThanOrEqual(1);
    expect(report.jobRuns).toBeLessThanOrEqual(Math.ceil(report.jobPeriods / 0.9) + 1);
    // One counter for the fleet.
    expect(report.rateLimitOk).toBe(report.rateLimit);
    expect(report.rateLimited).toBe(Math.ceil(report.rateLimit * 1.5) - report.rateLimit);
  });
});
