import { ManualClock } from '@server/core/clock';
import { EventBus } from '@server/core/event-bus';
import { DEFAULT_EVENT_LOG_KEEP, EventRelay } from '@server/fleet/event-relay';
import { HouseholdService } from '@server/households/service';
import { Store } from '@server/store/store';
import { runFleet } from '@test/fleet/support/fleet-harness';
import { createTestStore, TEST_PG_URL } from '@test/helpers/stores';
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

/**
 * The shared event log's ceiling: `FLEET_APPEND_EVENTS` events published at once on each of two
 * instances (two relays on one schema, contending for the append lock), until all are appended
 * and announced. What one PostgreSQL takes before the event path, not the instances, is the limit.
 */
fleetScenarios.push({
  kind: 'custom',
  name: 'fleet: event log append',
  async run(): Promise<BenchRow[]> {
    const total = Number(process.env.FLEET_APPEND_EVENTS ?? 5000);
    const testStore = await createTestStore('postgres');
    const second = await Store.open({ databaseUrl: TEST_PG_URL, pgSchema: testStore.where, pgPoolSize: 4 });
    const clock = new ManualClock(new Date());
    const home = await new HouseholdService(testStore.store, clock).create({ name: 'Append', locale: 'en-US' });
    const relays = [testStore.store, second].map((store, i) => {
      const bus = new EventBus(clock);
      return { bus, relay: new EventRelay(store, bus, clock, { instanceId: `bench-${i}`, keep: DEFAULT_EVENT_LOG_KEEP }) };
    });
    for (const r of relays) await r.relay.start();
    let received = 0;
    relays[0].relay.subscribe(() => received++);
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      for (const r of relays) r.bus.publish('stock.updated', home.household.id, { supplyId: `s-${i}`, level: i / 10, daysLeft: 3 });
    }
    await Promise.all(relays.map((r) => r.relay.flush()));
    const appendedMs = Date.now() - started;
    const until = Date.now() + 30_000;
    while (received < 2 * total && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    const deliveredMs = Date.now() - started;
    for (const r of relays) await r.relay.stop();
    await second.close();
    await testStore.dispose();
    return [
      {
        name: `fleet: event log append (2 instances × ${total} events)`,
        requestsPerSec: Math.round(((2 * total) / appendedMs) * 1000),
        extra: { appendedMs, deliveredMs, received, delivered_per_s: Math.round((received / deliveredMs) * 1000) },
      },
    ];
  },
});
