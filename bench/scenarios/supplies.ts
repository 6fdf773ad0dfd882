import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { measureForecastError } from '@server/supplies/forecast-error';
import { runHttpLoad, type HttpLoad, type HttpLoadResult } from '../load/http-load';
import { telemetryRequests } from '../load/telemetry-requests';
import { mainThreadCpuMicros } from '../load/thread-cpu';
import type { BenchContext, BenchRow, BenchScenario } from '../types';
import { benchHousehold } from './households';

/**
 * Telemetry ingestion as a house full of devices produces it: DEVICES devices posting at once
 * (one connection each), every reading stored durably (SQLite WAL, fsynced before the
 * answer: acknowledged means on disk; see server/store/wal-sync.ts) with its level, forecast and reorder check. One reading per request,
 * and batches of 20 (devices catching up). Every reading id is new, and the count in the table is
 * checked against what was acknowledged. The load comes from its own thread (bench/load); the
 * server thread's CPU per reading (from /proc) is robust to other load on the machine, which
 * throughput is not.
 * Then the forecast error on seeded simulated traces (MAE of daysLeft, in days).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);

export interface BenchDevice {
  id: string;
  token: string;
  supplyId: string;
}

export interface BenchFleet {
  /** The household the fleet reports to (MQTT topics carry it). */
  householdId: string;
  devices: BenchDevice[];
}

/**
 * DEVICES devices, each measuring a tank of its own: the fleet the HTTP and the MQTT telemetry
 * scenarios both drive, in a household of its own (in the demo household, a full run's seven
 * fleets made it a household of 350 tanks for the mirror rows that come later).
 */
export async function devices(ctx: BenchContext, label: string): Promise<BenchFleet> {
  const { household } = await benchHousehold(ctx, label);
  const out: BenchDevice[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const supply = await ctx.app.supplies.create(household.id, { name: `${label} tank ${i}`, unit: 'L', capacity: 100, policy: { mode: 'notify' } });
    const created = await ctx.app.supplies.createDevice(household.id, { name: `${label} ${i}`, kind: 'bench', supplyIds: [supply.id] });
    out.push({ id: created.id, token: created.token, supplyId: supply.id });
  }
  return { householdId: household.id, devices: out };
}

/**
 * `sameThread`: the load generator on the server's own event loop, as this benchmark ran it
 * before bench/load existed; kept as a row so figures stay comparable across runs.
 */
async function ingestion(ctx: BenchContext, batch: number, sameThread = false): Promise<BenchRow> {
  const { devices: fleet } = await devices(ctx, `Bench ${batch}${sameThread ? ' same thread' : ''}`);
  const before = { ...(ctx.app.store.groupCommitter?.stats ?? { groups: 0, units: 0 }) };
  const checkpointsBefore = ctx.app.store.checkpointer?.stats.checkpoints ?? 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const elu = performance.eventLoopUtilization();
  const threadStart = mainThreadCpuMicros();
  const load = { url: ctx.baseUrl, connections: fleet.length, duration: SECONDS, telemetry: { fleet, batch, idPrefix: `b${batch}${sameThread ? 's' : ''}` } };
  const result = sameThread ? await sameThreadLoad(load) : await runHttpLoad(load);
  // process.cpuUsage counts every thread; the server's share is its event loop's busy time.
  const cpu = process.cpuUsage(cpuStart);
  const serverBusyMs = performance.eventLoopUtilization(elu).active;
  const threadEnd = mainThreadCpuMicros();
  const wallMs = performance.now() - started;
  const stored = await ctx.app.store.db
    .selectFrom('readings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', 'in', fleet.map((d) => d.id))
    .executeTakeFirstOrThrow();
  const ok = result.ok;
  const after = ctx.app.store.groupCommitter?.stats;
  const groups = after ? { groups: after.groups - before.groups, units: after.units - before.units } : null;
  return {
    name: `supplies telemetry ingestion (${batch}/request, ${fleet.length} devices${sameThread ? ', load generator on the server thread' : ''})`,
    requestsPerSec: Math.round(result.requestsPerSec),
    p50: result.p50,
    p99: result.p99,
    extra: {
      readingsPerSec: Math.round((Number(stored.n) / SECONDS) * 10) / 10,
      stored: Number(stored.n),
      acknowledged: ok * batch,
      errors: result.non2xx + result.errors,
      cpu_us_per_reading: Math.round((cpu.user + cpu.system) / Math.max(1, Number(stored.n))),
      server_loop_us_per_reading: Math.round((serverBusyMs * 1000) / Math.max(1, Number(stored.n))),
      server_loop_busy_pct: Math.round((serverBusyMs / wallMs) * 100),
      ...(threadStart !== null && threadEnd !== null ? { server_thread_cpu_us_per_reading: Math.round((threadEnd - threadStart) / Math.max(1, Number(stored.n))) } : {}),
      ...(groups ? { units_per_commit: Math.round((groups.units / Math.max(1, groups.groups)) * 10) / 10 } : {}),
      ...(ctx.app.store.checkpointer ? { checkpoints_off_loop: ctx.app.store.checkpointer.stats.offloaded ? ctx.app.store.checkpointer.stats.checkpoints - checkpointsBefore : 'no' } : {}),
      durability: ctx.app.store.dialect === 'sqlite' ? (ctx.app.store.groupCommitter?.stats.walSyncs ? 'sqlite WAL fdatasync before each answer' : 'sqlite synchronous=FULL') : 'postgres',
    },
  };
}

async function sameThreadLoad(load: HttpLoad & { telemetry: NonNullable<HttpLoad['telemetry']> }): Promise<HttpLoadResult> {
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.duration,
    requests: [{ method: 'POST', path: '/', setupRequest: telemetryRequests(load.telemetry) }],
  });
  return { requestsPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors };
}

export const suppliesScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'supplies telemetry ingestion',
    async run(ctx) {
      return [await ingestion(ctx, 1), await ingestion(ctx, 20), await ingestion(ctx, 1, true)];
    },
  },
  {
    kind: 'custom',
    name: 'supplies forecast error',
    async run() {
      const started = performance.now();
      const report = measureForecastError(40);
      return [
        {
          name: 'supplies forecast daysLeft error (40 seeded traces)',
          extra: {
            maeDays: Math.round(report.maeDays * 1000) / 1000,
            naiveMaeDays: Math.round(report.naiveMaeDays * 1000) / 1000,
            samples: report.samples,
            coverage: Math.round(report.coverage * 1000) / 1000,
            ms: Math.round(performance.now() - started),
          },
        },
      ];
    },
  },
];
