import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '@server/app';
import { seedDemoHousehold } from '@server/demo/seed';
import { loadConfig } from '@server/plugins/config';
import { runHttpLoad } from './load/http-load';
import { startWeatherStub } from './load/weather-stub';
import { SCENARIOS } from './scenarios/index';
import { startNodeFlags } from './scenarios/server-process';
import type { BenchContext, BenchRow, HttpScenario } from './types';

/**
 * `npm run bench`: one in-process server on a throwaway SQLite store, a bare baseline route and
 * every scenario measured in the same run, so ratios compare like with like on a noisy machine.
 * Each HTTP row is measured twice: with autocannon on the server's own thread, as the issue's
 * figures were (the ratio column compares those, like with like), and from a thread of its own
 * (bench/load), as real clients are other machines (`own_thread_*`: the server's event loop runs
 * the server only, so a route's ratio there is the server's cost alone, lower than the first).
 * Filter with `npm run bench -- <substring>`, leave some out with BENCH_SKIP=<substring>; set
 * BENCH_SECONDS to change the load duration.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Measured {
  row: BenchRow;
  /** Requests per second with the load generator on a thread of its own. */
  ownThread: number;
}

async function load(ctx: BenchContext, name: string, req: ReturnType<HttpScenario['request']>, duration = SECONDS): Promise<Measured> {
  const options = {
    url: ctx.baseUrl + req.path,
    method: req.method,
    connections: CONNECTIONS,
    duration,
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json', ...req.headers },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  };
  const same = await autocannon(options);
  const own = await runHttpLoad(options);
  const errors = same.non2xx + same.errors + own.non2xx + own.errors;
  return {
    row: {
      name,
      requestsPerSec: Math.round(same.requests.average),
      p50: same.latency.p50,
      p99: same.latency.p99,
      extra: { own_thread_req_s: Math.round(own.requestsPerSec), own_thread_p99: own.p99, ...(errors ? { errors } : {}) },
    },
    ownThread: own.requestsPerSec,
  };
}

function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline', 'other'];
  const body = rows.map((r) => [
    r.name,
    r.requestsPerSec?.toString() ?? '',
    r.p50?.toString() ?? '',
    r.p99?.toString() ?? '',
    r.ratio !== undefined ? r.ratio.toFixed(3) : '',
    Object.entries(r.extra ?? {}).map(([k, v]) => `${k}=${v}`).join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

/**
 * The in-process server is measured as `npm start` runs it: under the start script's node flags
 * (its V8 heap settings change the CPU each request costs). Started without them, the bench runs
 * itself again with them.
 */
function runUnderStartFlags(): boolean {
  const flags = startNodeFlags();
  if (flags.every((flag) => process.execArgv.includes(flag))) return false;
  const child = spawnSync(process.execPath, [...process.execArgv, ...flags, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (runUnderStartFlags()) return;
  const filter = process.argv[2];
  // BENCH_SKIP=fleet: everything but the scenarios whose name holds it (the fleet takes minutes).
  const skip = process.env.BENCH_SKIP;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-bench-'));
  const weather = await startWeatherStub();
  const config = loadConfig({ ...process.env, MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', MIROIR_RATE_LIMIT: '100000000', DATABASE_URL: '', OPEN_METEO_URL: weather.url });
  const app = await buildApp({ config, logger: false });
  app.get('/bench/baseline', { config: { auth: 'public', rateLimit: false } }, async () => ({ ok: true }));
  // Seeded before listening, as `npm start` does: what a server does at start sees the demo.
  const demo = await seedDemoHousehold(app, 'en-US');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const ctx: BenchContext = {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    householdId: demo.household.id,
    token: demo.token,
    profileId: demo.profiles[0].id,
    dataDir,
  };
  const rows: BenchRow[] = [];
  // A second of load first: the first route measured should not be the one paying for V8's warm-up.
  await autocannon({ url: `${ctx.baseUrl}/bench/baseline`, connections: CONNECTIONS, duration: 1 });
  const measuredBaseline = await load(ctx, 'baseline GET /bench/baseline', { method: 'GET', path: '/bench/baseline' });
  const baseline = measuredBaseline.row;
  baseline.ratio = 1;
  rows.push(baseline);
  for (const scenario of SCENARIOS) {
    if (filter && !scenario.name.includes(filter)) continue;
    if (skip && scenario.name.includes(skip)) continue;
    if (scenario.kind === 'http') {
      await scenario.setup?.(ctx);
      const { row, ownThread } = await load(ctx, scenario.name, scenario.request(ctx), scenario.duration);
      row.ratio = baseline.requestsPerSec ? (row.requestsPerSec ?? 0) / baseline.requestsPerSec : undefined;
      row.extra = { ...row.extra, own_thread_ratio: Math.round((ownThread / measuredBaseline.ownThread) * 1000) / 1000 };
      rows.push(row);
    } else {
      rows.push(...(await scenario.run(ctx)));
    }
  }
  printTable(rows);
  // A run of some scenarios only does not replace the full run's figures.
  const out = path.resolve(__dirname, filter || skip ? '../../bench/results.partial.json' : '../../bench/results.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, node_flags: process.execArgv.join(' ') || '-' }, seconds: SECONDS, connections: CONNECTIONS, rows }, null, 2) + '\n',
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  await app.close();
  await weather.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
