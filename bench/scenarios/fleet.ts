import { runFleet } from '@test/fleet/support/fleet-harness';
import type { BenchRow, BenchScenario } from '../types';

/**
 * `npm run bench -- fleet`: the figures. Three server processes on the local PostgreSQL
 * and Redis, 200 SSE clients, 50 devices, 20 people ordering at once, the outbox holder SIGKILLed
 * mid-dispatch and restarted. Bounded: at most FLEET_TIMEOUT_MS (default 5 minutes).
 */
export const fleetScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'fleet',
    async run(): Promise<BenchRow[]> {
      const report = await runFleet({
        instances: Number(process.env.FLEET_INSTANCES ?? 3),
        streams: Number(process.env.FLEET_STREAMS ?? 200),
        devices: Number(process.env.FLEET_DEVICES ?? 50),
        readingsPerDevice: Number(process.env.FLEET_READINGS ?? 10),
        people: Number(process.env.FLEET_PEOPLE ?? 20),
        rateLimit: 600,
        tickMs: 500,
        leaseMs: 3_000,
        storeDelayMs: 200,
        timeoutMs: Number(process.env.FLEET_TIMEOUT_MS ?? 300_000),
        redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        log: (line) => console.log(line),
      });
      return [
        {
          name: `fleet: ${report.instances} instances, ${report.streams} SSE streams, event delivery`,
          p50: report.delayP50Ms,
          p99: report.delayP99Ms,
          extra: { events: report.events, delivered: report.delivered, missing: report.missing, replayed: report.replayed, maxMs: report.delayMaxMs },
        },
        { name: 'fleet: device readings during the kill', requestsPerSec: report.readingsPerSec, extra: { readings: report.readings } },
        { name: 'fleet: device readings burst (whole fleet)', requestsPerSec: report.burstReadingsPerSec, extra: { eventsPerSec: report.burstEventsPerSec, quietCrossInstanceMs: report.quietCrossInstanceMs } },
        {
          name: 'fleet: orders through a SIGKILL',
          extra: { orders: report.orders, booked: report.booked, doubled: report.doubled, lost: report.lost, resends: report.resends, recoveryMs: report.recoveryMs },
        },
        { name: 'fleet: periodic job runs per period', extra: { runs: report.jobRuns, periods: report.jobPeriods } },
        { name: 'fleet: rate limit (Redis)', extra: { limit: report.rateLimit, ok: report.rateLimitOk, limited: report.rateLimited } },
      ];
    },
  },
];
