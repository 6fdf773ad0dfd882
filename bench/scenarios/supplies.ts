import autocannon from 'autocannon';
import { measureForecastError } from '@server/supplies/forecast-error';
import type { BenchContext, BenchRow, BenchScenario } from '../types';

/**
 * Telemetry ingestion as the house produces it: many small POSTs from devices, each one stored
 * durably (SQLite WAL with synchronous=FULL: acknowledged means on disk) together with the level,
 * the forecast over the supply's history and the reorder check, in one transaction. One reading
 * per request, and batches of 20 (a device that was offline catching up). Every reading id is
 * new, and the count in the table is checked against what was acknowledged.
 * Then the forecast error on seeded simulated traces (MAE of daysLeft, in days).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function device(ctx: BenchContext, name: string): Promise<{ id: string; token: string; supplyIds: string[] }> {
  const supplyIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const supply = await ctx.app.supplies.create(ctx.householdId, { name: `${name} ${i}`, unit: 'L', capacity: 100, policy: { mode: 'notify' } });
    supplyIds.push(supply.id);
  }
  const created = await ctx.app.supplies.createDevice(ctx.householdId, { name, kind: 'bench', supplyIds });
  return { ...created, supplyIds };
}

async function ingestion(ctx: BenchContext, batch: number): Promise<BenchRow> {
  const d = await device(ctx, `Bench ${batch}`);
  let seq = 0;
  const result = await autocannon({
    url: ctx.baseUrl,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: `/api/v1/devices/${d.id}/telemetry`,
        headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' },
        setupRequest: (req) => {
          const at = new Date().toISOString();
          const readings = Array.from({ length: batch }, () => {
            const n = seq++;
            return { id: `b${batch}-${n}`, supplyId: d.supplyIds[n % d.supplyIds.length], level: 100 - ((n / 10) % 90), unit: 'L', at };
          });
          return { ...req, body: JSON.stringify({ readings }) };
        },
      },
    ],
  });
  const stored = await ctx.app.store.db
    .selectFrom('readings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', '=', d.id)
    .executeTakeFirstOrThrow();
  const ok = result['2xx'];
  return {
    name: `supplies telemetry ingestion (${batch}/request)`,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    extra: {
      readingsPerSec: Math.round((Number(stored.n) / SECONDS) * 10) / 10,
      stored: Number(stored.n),
      acknowledged: ok * batch,
      errors: result.non2xx + result.errors,
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
