import { yieldCpuToServer } from '@mirror/electron/cpu-share';
import { launchChromium, openMirror, type MirrorRender } from './mirror-page';
import type { MirrorRenders } from './mirror-renders';

/**
 * The kiosk's side of the first-render benchmark, as a process of its own (mirror-renders.ts):
 * Playwright reads every protocol message Chromium sends while a page loads (hundreds per render),
 * work that a real mirror never asks of the server's machine, and that would otherwise compete
 * with the server's event loop at the very moment the page's start-up calls are timed. Chromium
 * itself still shares the cores with the server, as on a kiosk, at the weight it is given (`kioskNice`).
 */
const { baseUrl, token, runs, kioskNice } = JSON.parse(process.argv[2]) as MirrorRenders;

async function run(): Promise<MirrorRender[]> {
  // The driver itself is no part of a kiosk: it takes a core only when neither the browser nor the
  // server wants one (its timings are the page's own performance entries, not when it reads them).
  yieldCpuToServer(process.pid, 19);
  const browser = await launchChromium({ kioskNice });
  try {
    const renders: MirrorRender[] = [];
    for (let i = 0; i < runs; i++) {
      const { page, render } = await openMirror(browser, baseUrl, token);
      renders.push(render);
      await page.context().close();
    }
    return renders;
  } finally {
    await browser.close();
  }
}

run().then(
  (renders) => process.send!(renders, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
