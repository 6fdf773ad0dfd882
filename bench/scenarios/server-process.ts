import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRng } from '@server/core/random';
import { randomGarmentSpecs } from '@models/synthetic-wardrobe';
import { FORMALITIES } from '@server/wardrobe/kinds';
import { median } from '../stats';
import type { BenchRow, BenchScenario } from '../types';

/**
 * The built server as a Raspberry Pi runs it: its own process, started the way `npm start` starts
 * it (the same V8 flags, read from package.json so the two cannot drift). Measured: how long until
 * /health answers, on a fresh data dir (demo seeded) and on a second start, BENCH_STARTS times each
 * (p50 and the slowest); resident memory idle with the demo household, just seeded (the first
 * start) and on a second start, and after the 2,000-garment suggestion load: 5 s after, the most
 * in the minute after, and a minute after (IDLE_WATCH_MS). Background jobs run, as under
 * `npm start` (its start-up warm-ups are work and memory a household's server really has).
 */
const root = path.resolve(__dirname, '../..');
const SUGGESTIONS = 200;
/** When a started server's resident memory is first read. */
const IDLE_MS = 5000;
/**
 * How long a server is then watched, idle, before its memory is read again. V8 gives back what
 * start-up (or a burst of requests) left behind only once the process has been idle a while: its
 * memory reducer, "Mark-Compact (reduce)" in --trace-gc, runs 16 s after the last full collection
 * here, later when a background job's work made one. A home server spends its days so.
 */
const IDLE_WATCH_MS = 60_000;

/** The node flags of package.json's `start` script (`… node <flags> dist/server/main.js`). */
export function startNodeFlags(): string[] {
  if (process.env.BENCH_NODE_FLAGS !== undefined) return process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /node ((?:--\S+ )*)dist\/server\/main\.js/.exec(pkg.scripts.start);
  return match ? match[1].trim().split(/\s+/).filter(Boolean) : [];
}

interface Started {
  child: ChildProcess;
  base: string;
  healthMs: number;
  /** CPU time the process used until /health answered: robust to other load on the machine. */
  cpuMs: number;
  output: () => string;
}

async function startServer(dataDir: string, flags: string[]): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, path.join(root, 'dist/server/main.js')], {
    env: { ...process.env, PORT: '0', MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', OPEN_METEO_URL: 'http://127.0.0.1:9/v1', DATABASE_URL: '', MIROIR_RATE_LIMIT: '100000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const deadline = Date.now() + 60_000;
  let base: string | null = null;
  // The port is printed once listening; /health is then polled as a load balancer would.
  while (Date.now() < deadline) {
    base ??= /running on (http:\/\/[\d.]+:\d+)/.exec(text)?.[1] ?? null;
    if (base) {
      const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
      if (ok) return { child, base, healthMs: Math.round(performance.now() - started), cpuMs: cpuMsOf(child.pid), output: () => text };
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /health: ${text.slice(-500)}`);
}

async function stop(server: Started): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

function cpuMsOf(pid: number | undefined): number {
  // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second here).
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

interface IdleRss {
  /** IDLE_MS after start (or after the load). */
  early: number;
  /** The most it held while watched. */
  peak: number;
  /** IDLE_WATCH_MS after start (or after the load). */
  settled: number;
}

/** Resident memory of an idle server, read every second for IDLE_WATCH_MS. */
async function idleRss(pid: number | undefined): Promise<IdleRss> {
  const samples: number[] = [];
  for (let ms = 1000; ms <= IDLE_WATCH_MS; ms += 1000) {
    await sleep(1000);
    samples.push(rssMb(pid));
  }
  return { early: samples[IDLE_MS / 1000 - 1], peak: Math.max(...samples), settled: samples[samples.length - 1] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function wardrobeLoad(base: string, token: string, profileId: string): Promise<{ n: number; p50: number }> {
  const specs = randomGarmentSpecs(seededRng(2000), 2000);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (let i = 0; i < specs.length; i += 20) {
    await Promise.all(
      specs.slice(i, i + 20).map(async (s, j) => {
        const res = await fetch(`${base}/api/v1/wardrobe/items`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ name: `${s.kind} ${i + j}`, kind: s.kind, colors: s.colors, warmth: s.clo, formality: FORMALITIES[s.formality], profileId, available: (i + j) % 10 !== 9 }),
        });
        if (res.status !== 201) throw new Error(`garment refused: ${res.status} ${await res.text()}`);
      }),
    );
  }
  const body = JSON.stringify({ weather: { temperature: 7, apparentTemperature: 4, windSpeed: 5, precipitation: 2, precipitationProbability: 80, weatherType: 'rain' } });
  // A fixed count, not a duration: the memory after it must not depend on the machine's speed.
  const times: number[] = [];
  for (let i = 0; i < SUGGESTIONS; i++) {
    const start = performance.now();
    const res = await fetch(`${base}/api/v1/outfits/suggest`, { method: 'POST', headers, body });
    if (!res.ok) throw new Error(`suggest failed: ${res.status}`);
    await res.arrayBuffer();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: Math.round(times[Math.floor(times.length / 2)] * 100) / 100 };
}

/** Starts of each kind: one start on a shared machine is one sample of its noise, not a p50. */
const STARTS = Math.max(1, Number(process.env.BENCH_STARTS ?? 5));

interface StartTimes {
  p50: number;
  max: number;
  cpuP50: number;
  all: number[];
}

function startTimes(starts: Started[]): StartTimes {
  const ms = starts.map((s) => s.healthMs);
  return { p50: median(ms), max: Math.max(...ms), cpuP50: median(starts.map((s) => s.cpuMs)), all: ms };
}

async function measureProcess(flags: string[], label: string): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-bench-process-'));
  const scratch: string[] = [];
  try {
    // Fresh starts each on a data dir of their own; the last one's is the one started again.
    const freshStarts: Started[] = [];
    let freshIdle: IdleRss = { early: 0, peak: 0, settled: 0 };
    for (let i = 0; i < STARTS; i++) {
      const dir = i === STARTS - 1 ? dataDir : fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-bench-process-'));
      if (dir !== dataDir) scratch.push(dir);
      const started = await startServer(dir, flags);
      // The first `npm start` a household sees: the demo just seeded, then nothing to do.
      if (dir === dataDir) freshIdle = await idleRss(started.child.pid);
      await stop(started);
      freshStarts.push(started);
    }
    const secondStarts: Started[] = [];
    for (let i = 0; i < STARTS - 1; i++) {
      const started = await startServer(dataDir, flags);
      await stop(started);
      secondStarts.push(started);
    }
    const second = await startServer(dataDir, flags);
    secondStarts.push(second);
    const fresh = startTimes(freshStarts);
    const again = startTimes(secondStarts);
    const idle = await idleRss(second.child.pid);
    // An owner of a new household (the CLI works on the same data dir beside the server).
    const created = JSON.parse(
      execFileSync(process.execPath, [path.join(root, 'dist/bin/cli.js'), 'household', 'create', '--name', 'Bench 2000', '--locale', 'fr-FR'], { env: { ...process.env, MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' } }).toString(),
    ) as { householdId: string; token: string };
    const household = (await (await fetch(`${second.base}/api/v1/household`, { headers: { authorization: `Bearer ${created.token}` } })).json()) as { profiles: { id: string }[] };
    const suggestions = await wardrobeLoad(second.base, created.token, household.profiles[0].id);
    const after = await idleRss(second.child.pid);
    await stop(second);
    const note = { flags: flags.join(' ') || '-' };
    return [
      { name: `server start → /health, fresh store, demo seeded (${label})`, p50: fresh.p50, extra: { ...note, starts: STARTS, max_ms: fresh.max, all_ms: fresh.all.join(' '), cpu_ms_p50: fresh.cpuP50 } },
      { name: `server start → /health, second start (${label})`, p50: again.p50, extra: { ...note, starts: STARTS, max_ms: again.max, all_ms: again.all.join(' '), cpu_ms_p50: again.cpuP50 } },
      {
        name: `server resident memory (${label})`,
        extra: {
          idle_demo_mb: idle.settled,
          idle_demo_at_5s_mb: idle.early,
          idle_demo_peak_mb: idle.peak,
          idle_demo_just_seeded_mb: freshIdle.settled,
          idle_demo_just_seeded_at_5s_mb: freshIdle.early,
          idle_demo_just_seeded_peak_mb: freshIdle.peak,
          after_2000_garments_at_5s_mb: after.early,
          after_2000_garments_peak_mb: after.peak,
          after_2000_garments_mb: after.settled,
          suggestions: suggestions.n,
          suggest_2000_p50_ms: suggestions.p50,
        },
      },
    ];
  } finally {
    for (const dir of [dataDir, ...scratch]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const serverProcessScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'server process: start, memory',
    async run(): Promise<BenchRow[]> {
      execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'ignore' });
      const flags = startNodeFlags();
      // Node's defaults beside `npm start`'s flags, in the same run, to show what the flags buy.
      const start = await measureProcess(flags, 'npm start flags');
      const defaults = await measureProcess([], 'node defaults');
      return [...start, ...defaults];
    },
  },
];
