import autocannon from 'autocannon';
import { measureForecastError } from '@server/supplies/forecast-error';
import type { BenchContext, BenchRow, BenchScenario } from '../types';

/**
 * Telemetry ingestion as a house full of devices produces it: DEVICES devices posting at once
 * (one connection each), every reading stored durably (SQLite WAL with synchronous=FULL:
 * acknowledged means on disk) with its level, forecast and reorder check. One reading per request,
 * and batches of 20 (devices catching up). Every reading id is new, and the count in the table is
 * checked against what was acknowledged. CPU per reading (this process: server and load
 * generator) is robust to other load on the machine, which throughput is not.
 * Then the forecast error on seeded simulated traces (MAE of daysLeft, in days).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);

export interface BenchDevice {
  id: string;
  token: string;
  supplyId: string;
}

/** DEVICES devices, each measuring a tank of its own: the fleet the HTTP and the MQTT telemetry scenarios both drive. */
export async function devices(ctx: BenchContext, label: string): Promise<BenchDevice[]> {
  const out: BenchDevice[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const supply = await ctx.app.supplies.create(ctx.householdId, { name: `${label} tank ${i}`, unit: 'L', capacity: 100, policy: { mode: 'notify' } });
    const created = await ctx.app.supplies.createDevice(ctx.householdId, { name: `${label} ${i}`, kind: 'bench', supplyIds: [supply.id] });
    out.push({ id: created.id, token: created.token, supplyId: supply.id });
  }
  return out;
}

async function ingestion(ctx: BenchContext, batch: number): Promise<BenchRow> {
  const fleet = await devices(ctx, `Bench ${batch}`);
  let seq = 0;
  const before = { ...(ctx.app.store.groupCommitter?.stats ?? { groups: 0, units: 0 }) };
  const cpuStart = process.cpuUsage();
  const result = await autocannon({
    url: ctx.baseUrl,
    connections: fleet.length,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: `/api/v1/devices/${fleet[0].id}/telemetry`,
        setupRequest: (req) => {
          const d = fleet[seq % fleet.length];
          const at = new Date().toISOString();
          const readings = Array.from({ length: batch }, () => {
            const n = seq++;
            return { id: `b${batch}-${n}`, supplyId: d.supplyId, level: 100 - ((n / 10) % 90), unit: 'L', at };
          });
          return { ...req, path: `/api/v1/devices/${d.id}/telemetry`, headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ readings }) };
        },
      },
    ],
  });
  const cpu = process.cpuUsage(cpuStart);
  const stored = await ctx.app.store.db
    .selectFrom('readings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', 'in', fleet.map((d) => d.id))
    .executeTakeFirstOrThrow();
  const ok = result['2xx'];
  const after = ctx.app.store.groupCommitter?.stats;
  const groups = after ? { groups: after.groups - before.groups, units: after.units - before.units } : null;
  return {
    name: `supplies telemetry ingestion (${batch}/request, ${fleet.length} devices)`,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    extra: {
      readingsPerSec: Math.round((Number(stored.n) / SECONDS) * 10) / 10,
      stored: Number(stored.n),
      acknowledged: ok * batch,
      errors: result.non2xx + result.errors,
      cpu_us_per_reading: Math.round((cpu.user + cpu.system) / Math.max(1, Number(stored.n))),
      ...(groups ? { units_per_commit: Math.round((groups.units / Math.max(1, groups.groups)) * 10) / 10 } : {}),
      durability: ctx.app.store.dialect === 'sqlite' ? 'sqlite synchronous=FULL' : 'postgres',
    },
  };
}

export const suppliesScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'supplies telemetry ingestion',
    async run(ctx) {
      return [await ingestion(ctx, 1), await ingestion(ctx, 20)];
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
