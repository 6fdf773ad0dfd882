import { launchChromium, openMirror, type MirrorRender } from './mirror-page';
import type { MirrorRenders } from './mirror-renders';

/**
 * The kiosk's side of the first-render benchmark, as a process of its own (mirror-renders.ts):
 * Playwright reads every protocol message Chromium sends while a page loads (hundreds per render),
 * work that a real mirror never asks of the server's machine, and that would otherwise compete
 * with the server's event loop at the very moment the page's start-up calls are timed. Chromium
 * itself still shares the cores with the server, as on a kiosk.
 */
const { baseUrl, token, runs } = JSON.parse(process.argv[2]) as MirrorRenders;

async function run(): Promise<MirrorRender[]> {
  const browser = await launchChromium();
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
