import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DomainEventType, EventOf } from '@server/core/events';
import { BATCH_READS_PATH } from '@server/mirror/messages';
import type { BenchContext, BenchRow, BenchScenario } from '../types';

const CHROMIUM = '/usr/bin/chromium';
/** More runs (BENCH_MIRROR_RUNS) make the per-call p99 mean something. */
const RENDER_RUNS = Number(process.env.BENCH_MIRROR_RUNS ?? 5);
/** One live update a second for an hour, replayed at speed. */
const UPDATES = 3600;
const UPDATES_PER_TICK = 20;
const TICK_MS = 40;

async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the mirror benchmark needs Debian's chromium (apt-get install chromium).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

interface Render {
  page: Page;
  renderedMs: number;
  /** When the page had its household and its live stream, i.e. before the regions' fetches. */
  streamOpenMs: number;
  /** The slowest API call of that render, to tell where first-render time goes. */
  slowest: { path: string; ms: number };
  /** Every API call of that render (the event stream left out: it stays open). */
  calls: { path: string; ms: number; waitMs: number }[];
  /** The reads each batch call of that render carried (BATCH_READS_PATH), by path without query. */
  batched: string[];
}

async function openMirror(browser: Browser, ctx: BenchContext, size = { width: 1920, height: 1080 }): Promise<Render> {
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  // One call may carry several reads (the regions' batch): which ones is said beside its timing.
  const batched = new Set<string>();
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== BATCH_READS_PATH) return;
    for (const path of (request.postDataJSON() as { paths: string[] }).paths) batched.add(path.split('?')[0]);
  });
  await page.goto(`${ctx.baseUrl}/mirror#token=${ctx.token}`);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
  // From navigation start to every region fetched and drawn (the page marks that moment).
  const renderedMs = await page.evaluate(() => performance.getEntriesByName('mirror-rendered')[0]?.startTime ?? -1);
  const streamOpenMs = await page.evaluate(() => performance.getEntriesByName('mirror-stream-open')[0]?.startTime ?? -1);
  const calls = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.name.includes('/api/') && !e.name.includes('/api/v1/events'))
      .map((e) => ({
        path: new URL(e.name).pathname,
        ms: Math.round(e.duration * 10) / 10,
        // Request sent → first byte: the server's part (plus loopback), apart from the browser's queueing.
        waitMs: Math.round((e.responseStart - e.requestStart) * 10) / 10,
      })),
  );
  const slowest = calls.reduce((a, b) => (b.ms > a.ms ? b : a), { path: '-', ms: 0 });
  return { page, renderedMs, streamOpenMs, slowest, calls, batched: [...batched] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

/** A realistic mix of what a household's bus carries, in the order a busy hour might see it. */
function publishOne(ctx: BenchContext, i: number): void {
  const h = ctx.householdId;
  const publish = <T extends DomainEventType>(type: T, payload: EventOf<T>['payload']) => ctx.app.events.publish(type, h, payload);
  switch (i % 6) {
    case 0:
      return publish('stock.updated', { supplyId: `bench-${i % 7}`, level: (i % 50) / 10, daysLeft: i % 9 });
    case 1:
      return publish('notification', { key: 'mirror.ui.notifications.generic', params: {}, level: 'info' });
    case 2:
      return publish('order.updated', { orderId: `bench-${i}`, supplyId: 'bench', status: 'shipped', previousStatus: 'placed' });
    case 3:
      return publish('weather.updated', { stale: false, fetchedAt: new Date().toISOString() });
    case 4:
      return publish('agenda.updated', {});
    default:
      return publish('outfit.ready', { profileId: ctx.profileId, date: new Date().toISOString().slice(0, 10) });
  }
}

async function heapAfterGc(page: Page): Promise<{ used: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes } = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
  await cdp.detach();
  return { used: usedSize, nodes };
}

/**
 * The mirror in Chromium against the bench server: first render time (navigation start → every
 * region rendered), and the page's JS heap after an hour of live updates replayed quickly, sampled
 * after GC at the start, the middle and the end. A leak shows as growth from middle to end.
 */
export const mirrorScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'mirror page',
    async run(ctx): Promise<BenchRow[]> {
      const browser = await launch();
      try {
        const renders: number[] = [];
        const streamOpens: number[] = [];
        const slowCalls: Render['slowest'][] = [];
        const byPath = new Map<string, number[]>();
        const waitByPath = new Map<string, number[]>();
        /** The first render after the server started (V8 compiles on first use; see server/mirror/start-warm-up.ts). */
        const coldByPath = new Map<string, number[]>();
        const batchedPaths = new Set<string>();
        for (let run = 0; run < RENDER_RUNS; run++) {
          const { page, renderedMs, streamOpenMs, slowest, calls, batched } = await openMirror(browser, ctx);
          for (const path of batched) batchedPaths.add(path);
          renders.push(renderedMs);
          streamOpens.push(streamOpenMs);
          slowCalls.push(slowest);
          for (const call of calls) {
            byPath.set(call.path, [...(byPath.get(call.path) ?? []), call.ms]);
            if (run === 0) coldByPath.set(call.path, [...(coldByPath.get(call.path) ?? []), call.ms]);
            waitByPath.set(call.path, [...(waitByPath.get(call.path) ?? []), call.waitMs]);
          }
          await page.context().close();
        }
        const slowestMedian = [...slowCalls].sort((a, b) => a.ms - b.ms)[Math.floor(slowCalls.length / 2)];
        const { page } = await openMirror(browser, ctx);
        const samples: { used: number; nodes: number }[] = [await heapAfterGc(page)];
        const started = Date.now();
        for (let sent = 0; sent < UPDATES; ) {
          for (let k = 0; k < UPDATES_PER_TICK && sent < UPDATES; k++, sent++) publishOne(ctx, sent);
          if (sent === UPDATES / 2) samples.push(await heapAfterGc(page));
          await new Promise((resolve) => setTimeout(resolve, TICK_MS));
        }
        // Let the last coalesced refetches land before the final sample.
        await page.waitForTimeout(1500);
        samples.push(await heapAfterGc(page));
        const seconds = (Date.now() - started) / 1000;
        const [start, middle, end] = samples;
        // Each start-up call as the page saw it (browser queueing included), across the runs.
        const callRows: BenchRow[] = [...byPath.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([path, ms]) => {
            const wait = waitByPath.get(path) ?? [];
            const cold = coldByPath.get(path) ?? [];
            // The renders after the first: what a mirror sees for the rest of the server's life.
            const warm = ms.slice(cold.length);
            return {
              name: `mirror start-up ${path}`,
              p50: median(ms),
              p99: percentile(ms, 99),
              extra: {
                ...(path === BATCH_READS_PATH ? { reads: [...batchedPaths].map((p) => p.replace('/api/v1/', '')).join('+') } : {}),
                calls: ms.length,
                first_render_ms: cold.length ? Math.max(...cold) : '-',
                warm_p99: warm.length ? percentile(warm, 99) : '-',
                sent_to_first_byte_p50: median(wait),
                sent_to_first_byte_p99: percentile(wait, 99),
              },
            };
          });
        return [
          {
            name: 'mirror first render (nav → all regions)',
            p50: Math.round(median(renders)),
            extra: {
              runs: RENDER_RUNS,
              min_ms: Math.round(Math.min(...renders)),
              max_ms: Math.round(Math.max(...renders)),
              p95_ms: Math.round(percentile(renders, 95)),
              stream_open_p50_ms: Math.round(median(streamOpens)),
              slowest_api: `${slowestMedian.path}:${slowestMedian.ms}ms`,
            },
          },
          ...callRows,
          {
            name: `mirror heap over ${UPDATES} live updates`,
            extra: {
              heap_start_mb: mb(start.used),
              heap_mid_mb: mb(middle.used),
              heap_end_mb: mb(end.used),
              mid_to_end_pct: Math.round(((end.used - middle.used) / middle.used) * 1000) / 10,
              dom_nodes: `${start.nodes}/${middle.nodes}/${end.nodes}`,
              replay_s: Math.round(seconds * 10) / 10,
            },
          },
        ];
      } finally {
        await browser.close();
      }
    },
  },
];
