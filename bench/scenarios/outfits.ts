import { FEATURE_COUNT } from '@models/features';
import { seededRng } from '@server/core/random';
import { loadOutfitScorer } from '@models/scorer';
import { randomGarmentSpecs } from '@models/synthetic-wardrobe';
import { FORMALITIES } from '@server/wardrobe/kinds';
import type { BenchContext, BenchRow, BenchScenario } from '../types';
import { benchHousehold } from './households';

/**
 * Suggestion latency as one person waiting for the mirror sees it: sequential POSTs to
 * /api/v1/outfits/suggest (one in flight, so the numbers are service time, not queueing) for a
 * wardrobe of 20, 200 and 2,000 garments. Then the ranking step alone, TF.js against the plain
 * forward pass on the same weights, to justify which one the server uses.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SIZES = [20, 200, 2000];
const BODY = JSON.stringify({ weather: { temperature: 7, apparentTemperature: 4, windSpeed: 5, precipitation: 2, precipitationProbability: 80, weatherType: 'rain' } });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function household(ctx: BenchContext, size: number): Promise<string> {
  const created = await benchHousehold(ctx, `Bench ${size}`);
  const profileId = created.profiles[0].id;
  const specs = randomGarmentSpecs(seededRng(size), size);
  await ctx.app.wardrobe.createMany(
    created.household.id,
    specs.map((s, i) => ({ name: `${s.kind} ${i}`, kind: s.kind, colors: s.colors, warmth: s.clo, formality: FORMALITIES[s.formality], profileId, available: i % 10 !== 9 })),
  );
  return created.token;
}

async function measure(ctx: BenchContext, token: string): Promise<{ p50: number; p99: number; rps: number; n: number; cpuMs: number }> {
  const call = async (): Promise<number> => {
    const start = performance.now();
    const res = await fetch(`${ctx.baseUrl}/api/v1/outfits/suggest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: BODY });
    const body = (await res.json()) as { outfits?: unknown[] };
    if (!res.ok || !body.outfits?.length) throw new Error(`suggest failed: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    return performance.now() - start;
  };
  // Warm the JIT and the caches first: the first size measured must not pay for the others.
  for (let i = 0; i < 30; i++) await call();
  const times: number[] = [];
  // CPU time per request (server and this client, one process) is robust to other load on the
  // machine, which the wall-clock percentiles are not.
  const cpuStart = process.cpuUsage();
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) times.push(await call());
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), rps: Math.round(times.length / SECONDS), n: times.length, cpuMs: round((cpu.user + cpu.system) / 1000 / times.length) };
}

async function rankingOnly(): Promise<BenchRow> {
  const scorer = await loadOutfitScorer();
  const rows = 32;
  const features = new Float32Array(rows * FEATURE_COUNT).map((_, i) => ((i * 31) % 17) / 17);
  const time = (fn: () => void): number => {
    for (let i = 0; i < 200; i++) fn();
    const n = 2000;
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    return ((performance.now() - start) / n) * 1000;
  };
  const tfUs = time(() => scorer.scoreWithTf(features, rows));
  const tsUs = time(() => scorer.score(features, rows));
  return { name: 'outfit ranking, 32 candidates', extra: { backend: scorer.backend, tfjs_us: Math.round(tfUs), plain_ts_us: Math.round(tsUs) } };
}

export const outfitsScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'outfits suggest',
    async run(ctx) {
      const rows: BenchRow[] = [];
      for (const size of SIZES) {
        const token = await household(ctx, size);
        const m = await measure(ctx, token);
        rows.push({ name: `POST /api/v1/outfits/suggest, ${size} garments (sequential)`, requestsPerSec: m.rps, p50: m.p50, p99: m.p99, extra: { samples: m.n, cpu_ms_per_request: m.cpuMs } });
      }
      rows.push(await rankingOnly());
      return rows;
    },
  },
];
