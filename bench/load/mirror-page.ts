import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { yieldCpuToServer } from '@mirror/electron/cpu-share';
import { BATCH_READS_PATH } from '@server/mirror/messages';
import { childProcesses } from './child-processes';

const CHROMIUM = '/usr/bin/chromium';
/** What the page logs once every region is drawn (see openMirror). */
const RENDERED_SIGNAL = 'miroir-bench:rendered';

/**
 * Debian's Chromium, headless. `kioskNice` > 0 gives it the CPU weight the kiosk gives itself
 * (mirror/electron/cpu-share.ts, the same function): Playwright starts Chromium in a session of its
 * own, whose processes (renderers, GPU) all take that weight.
 */
export async function launchChromium(options: { kioskNice?: number } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the mirror benchmark needs Debian's chromium (apt-get install chromium).`);
  const before = new Set(childProcesses(process.pid, /chrom/i));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  if (options.kioskNice) {
    const launched = childProcesses(process.pid, /chrom/i).filter((pid) => !before.has(pid));
    if (launched.length !== 1) throw new Error(`expected the one Chromium just launched, found ${launched.length}`);
    const share = yieldCpuToServer(launched[0], options.kioskNice);
    if (!share.autogroup && !share.process) throw new Error('could not lower Chromium\'s CPU weight as the kiosk does');
  }
  return browser;
}

export interface MirrorRender {
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

/** Opens the mirror in a new browser context and waits until every region is drawn; the caller closes the page's context. */
export async function openMirror(browser: Browser, baseUrl: string, token: string, size = { width: 1920, height: 1080 }): Promise<{ page: Page; render: MirrorRender }> {
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  // One call may carry several reads (the regions' batch): which ones is said beside its timing.
  const batched = new Set<string>();
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== BATCH_READS_PATH) return;
    for (const path of (request.postDataJSON() as { paths: string[] }).paths) batched.add(path.split('?')[0]);
  });
  // The page says it rendered on the console, from a few lines run as the document starts: a
  // waitForSelector would have Playwright evaluate its own script in the page (30-40 ms of the
  // page's main thread, measured in a trace) right while the page starts, and the start-up calls'
  // answers would wait behind it. A kiosk runs no such thing.
  await context.addInitScript((signal: string) => {
    const rendered = () => document.body?.dataset.rendered === 'true';
    new MutationObserver((_, observer) => {
      if (!rendered()) return;
      observer.disconnect();
      console.debug(signal);
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-rendered'] });
  }, RENDERED_SIGNAL);
  const signalled = page.waitForEvent('console', { predicate: (message) => message.text() === RENDERED_SIGNAL, timeout: 30_000 });
  await page.goto(`${baseUrl}/mirror#token=${token}`);
  await signalled;
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
  return { page, render: { renderedMs, streamOpenMs, slowest, calls, batched: [...batched] } };
}
