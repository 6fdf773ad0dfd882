import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { ManualClock } from '@server/core/clock';
import { seedDemoHousehold } from '@server/demo/seed';
import { BATCH_READS_PATH, EVENTS_PATH, EVENTS_POSITION_PATH, MIRROR_POWER_PATH } from '@server/mirror/messages';
import { mirrorStartReads, readMirrorStart } from '@server/mirror/start-warm-up';
import { fixture, StubProvider } from '@test/weather/stub-server';
import { launchChromium } from './support/browser';
import { buildMirrorUi } from './support/build-ui';
import { startServer, type RunningServer } from './support/mirror-server';

/** 14:30 in Paris, 08:30 in New York: both demo households are in their day. */
const NOW = '2026-11-30T13:30:00Z';
const SCREENSHOTS = path.resolve(__dirname, '../artifacts/screenshots');
const REGIONS = ['clock', 'weather', 'agenda', 'outfits', 'supplies', 'deliveries'];
const LAYOUTS = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } } as const;

describe('the mirror page in Chromium against a real server', () => {
  let browser: Browser;
  let weather: StubProvider;
  let server: RunningServer;
  let dataDir: string;
  const clock = new ManualClock(NOW);
  /** `token` is the owner's (the test's own calls); the page opens with `display`, the mirror's token as `npm start` prints it. */
  const demo: Record<'fr' | 'en', { token: string; display: string; householdId: string }> = { fr: { token: '', display: '', householdId: '' }, en: { token: '', display: '', householdId: '' } };
  const contexts: BrowserContext[] = [];

  const api = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await server.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, payload: body as object });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : (res.json() as Record<string, unknown>);
  };

  /** Page errors and CSP violations seen by each page: a test ends by expecting none. */
  const problems = new Map<Page, string[]>();
  const problemsOf = (page: Page): string[] => problems.get(page) ?? [];

  async function openMirror(lang: 'fr' | 'en', browserNow: string = NOW, onRequest?: (request: Request) => void, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await browser.newContext({ viewport: LAYOUTS.landscape, locale: lang === 'fr' ? 'fr-FR' : 'en-US', serviceWorkers: 'block' });
    contexts.push(context);
    const page = await context.newPage();
    if (onRequest) page.on('request', onRequest);
    await prepare?.(page);
    const seen: string[] = [];
    problems.set(page, seen);
    page.on('pageerror', (err) => seen.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) seen.push(msg.text());
    });
    await page.clock.setFixedTime(new Date(browserNow));
    await page.goto(`${server.url}/mirror#token=${demo[lang].display}`);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    return page;
  }

  /** One page per language, shared by the tests (a page load is the costly part on a busy machine). */
  const pages = new Map<'fr' | 'en', Page>();
  async function mirrorPage(lang: 'fr' | 'en'): Promise<Page> {
    let page = pages.get(lang);
    if (!page) {
      page = await openMirror(lang);
      pages.set(lang, page);
    }
    return page;
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-mirror-e2e-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    weather = await StubProvider.start();
    weather.reply(weather.json(fixture('open-meteo-paris.json')));
    [browser] = await Promise.all([launchChromium(), buildMirrorUi()]);
    server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock });
    for (const [lang, locale] of [['fr', 'fr-FR'], ['en', 'en-US']] as const) {
      const seeded = await seedDemoHousehold(server.app, locale);
      const display = await server.app.households.tokens.issue(seeded.household.id, 'display', null, 'mirror');
      demo[lang] = { token: seeded.token, display, householdId: seeded.household.id };
    }
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await weather?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the page publicly under a strict CSP and keeps the token out of the address bar', async () => {
    const res = await fetch(`${server.url}/mirror`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>|style=/);
    const page = await mirrorPage('fr');
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate(() => window.localStorage.getItem('miroir.token'))).toBe(demo.fr.display);
    // (The reloads in the night-mode and photo tests find the token again in localStorage.)
    expect(problemsOf(page)).toEqual([]);
  });

  it('reads its regions at start in one request, the reads the server warms up after a restart', async () => {
    const requests: { method: string; path: string; body: unknown }[] = [];
    const streams: { url: URL; authorization: Promise<string | null> }[] = [];
    const page = await openMirror('en', NOW, (request) => {
      const url = new URL(request.url());
      if (url.pathname === EVENTS_PATH) streams.push({ url, authorization: request.headerValue('authorization') });
      else if (url.pathname.startsWith('/api/')) requests.push({ method: request.method(), path: url.pathname, body: request.postDataJSON() as unknown });
    });
    const batches = requests.filter((r) => r.path === BATCH_READS_PATH);
    // The first batch is the start. A later one may follow when the live stream opened after it,
    // or an event came (the page then reads again what may have changed): only start reads again.
    expect(batches.length).toBeGreaterThanOrEqual(1);
    const startPaths = new Set((batches[0].body as { paths: string[] }).paths.map((p) => p.split('?')[0]));
    for (const later of batches.slice(1)) for (const p of (later.body as { paths: string[] }).paths) expect(startPaths.has(p.split('?')[0])).toBe(true);
    const household = (await api('GET', '/api/v1/household', demo.en.token)) as { profiles: { id: string }[] };
    const pathOnly = (paths: string[]) => paths.map((p) => p.split('?')[0]);
    const batched = (batches[0].body as { paths: string[] }).paths;
    expect(pathOnly(batched).sort()).toEqual(pathOnly(mirrorStartReads(household.profiles.map((p) => p.id))).sort());
    expect(batched.filter((p) => p.startsWith('/api/v1/outfits/today')).sort()).toEqual(household.profiles.map((p) => `/api/v1/outfits/today?profile=${p.id}`).sort());
    // The night override is read with the regions, in that batch; the agenda as the server's
    // today (no window worked out by the page), the very read the server warms up.
    expect(batched).toContain(MIRROR_POWER_PATH);
    expect(batched).toContain('/api/v1/agenda');
    // Before the batch: the household, alone (a read again after an event may come alone too: only
    // one of the start reads). No URL token: the stream carries the page's token in its header.
    const alone = requests.filter((r) => r.path !== BATCH_READS_PATH).map((r) => `${r.method} ${r.path}`);
    expect(alone).toContain('GET /api/v1/household');
    for (const call of alone) expect(call === 'GET /api/v1/household' || startPaths.has(call.replace(/^GET /, ''))).toBe(true);
    expect(streams).toHaveLength(1);
    expect(streams[0].url.search).toBe('');
    expect(await streams[0].authorization).toBe(`Bearer ${demo.en.display}`);
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });

  it('goes on screen once its regions have their data, or after a second when the server is slow', async () => {
    const context = await browser.newContext({ viewport: LAYOUTS.landscape, locale: 'en-US', serviceWorkers: 'block' });
    contexts.push(context);
    const page = await context.newPage();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**${BATCH_READS_PATH}`, async (route) => {
      await held;
      await route.continue();
    });
    const sent = page.waitForRequest((request) => new URL(request.url()).pathname === BATCH_READS_PATH);
    await page.goto(`${server.url}/mirror#token=${demo.en.display}`);
    await sent;
    // The reads are out: nothing of the page is laid out yet.
    expect(await page.locator('main.layout').count()).toBe(0);
    // Still unanswered a second later: the clock and the regions' waiting state go on screen.
    await page.locator('main.layout').waitFor({ timeout: 5000 });
    expect(await page.getAttribute('body', 'data-rendered')).toBeNull();
    release();
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    expect(await page.locator('main.layout').count()).toBe(1);
    await context.close();
  });

  it('reads its regions again after its stream opened only when an event came between the two', async () => {
    const start = async (eventBetween: boolean): Promise<string[][]> => {
      const batches: string[][] = [];
      let answered = () => {};
      const startBatch = new Promise<void>((resolve) => (answered = resolve));
      const page = await openMirror(
        'en',
        NOW,
        (request) => {
          if (new URL(request.url()).pathname === BATCH_READS_PATH) batches.push((request.postDataJSON() as { paths: string[] }).paths.map((p) => p.split('?')[0]));
        },
        async (p) => {
          p.on('response', (response) => {
            if (new URL(response.url()).pathname === BATCH_READS_PATH) answered();
          });
          // The stream's request waits until the start batch is answered: the server subscribes it
          // after the reads, the case where an event in between would be lost.
          await p.route((url) => url.pathname === EVENTS_PATH, async (route) => {
            await startBatch;
            if (eventBetween) server.app.events.publish('agenda.updated', demo.en.householdId, {});
            await route.continue();
          });
        },
      );
      await page.waitForSelector('body[data-settled="true"]', { timeout: 10_000 });
      expect(problemsOf(page)).toEqual([]);
      await page.context().close();
      return batches;
    };
    // Read once as the server's warm-up does: the page's own reads then find the weather fetched and
    // today's outfits chosen, and raise no event themselves (a read that does is an event between too).
    await readMirrorStart(server.app, demo.en.householdId);
    const seen: string[] = [];
    const off = server.app.events.subscribe((e) => void seen.push(e.type));
    const quiet = await start(false);
    off();
    expect(seen).toEqual([]);
    expect(quiet).toHaveLength(1);
    expect(quiet[0][0]).toBe(EVENTS_POSITION_PATH);
    const busy = await start(true);
    expect(busy).toHaveLength(2);
    // The read again covers every region (the night override and the position are start-only).
    expect(busy[1].sort()).toEqual(busy[0].filter((p) => p !== EVENTS_POSITION_PATH && p !== MIRROR_POWER_PATH).sort());
  });

  for (const lang of ['fr', 'en'] as const) {
    it(`renders every region in ${lang === 'fr' ? 'French' : 'English'}, in both layouts`, async () => {
      const page = await mirrorPage(lang);
      // Screenshots first: when a region fails, the picture shows how.
      for (const [layout, size] of Object.entries(LAYOUTS)) {
        await page.setViewportSize(size);
        await page.screenshot({ path: path.join(SCREENSHOTS, `mirror-${lang}-${layout}.png`) });
      }
      const states = await page.$$eval('[data-region]', (els) => els.map((el) => `${(el as HTMLElement).dataset.region}: ${(el as HTMLElement).dataset.state}`));
      expect(states.sort()).toEqual(REGIONS.map((r) => `${r}: ready`).sort());
      const text = await page.innerText('main');
      if (lang === 'fr') {
        expect(text).toContain('MÉTÉO');
        expect(text).toMatch(/\d+\s°C/);
        expect(text).toMatch(/lundi 30 novembre/i);
        expect(await page.innerText('.clock-time')).toBe('14:30');
      } else {
        expect(text).toContain('WEATHER');
        expect(text).toMatch(/\d+°F/);
        expect(text).toMatch(/Monday, November 30/);
        expect(await page.innerText('.clock-time')).toBe('8:30 AM');
      }
      expect(await page.locator('.weather-hour').count()).toBeGreaterThan(0);
      expect(await page.locator('.outfit-card').count()).toBe(2);
      await page.click('.settings-button');
      // The display token shows the household's facts; consents are the app's.
      expect(await page.locator('.settings-elsewhere').count()).toBe(1);
      await page.click('.pairing button[data-action="pair"]');
      await page.waitForSelector('.pairing-code');
      expect(await page.innerText('.pairing-code')).toMatch(/^\d{6}$/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `mirror-${lang}-settings.png`) });
      // A voice device links with the code: the page hears it, says so and puts the code away.
      await server.app.skills.links.link('alexa', `amzn1.ask.account.E2E-${lang}`, demo[lang].householdId);
      await page.waitForSelector('.pairing-done', { timeout: 5000 });
      expect(await page.locator('.pairing-code').count()).toBe(0);
      await page.click('.btn-close');
      expect(await page.isHidden('.overlay')).toBe(true);
      expect(problemsOf(page)).toEqual([]);
    });
  }

  /** A supply watched by a device, full to begin with; returns the ids and the device's token. */
  async function supplyWithDevice(lang: 'fr' | 'en', name: string, mode: 'notify' | 'ask') {
    const token = demo[lang].token;
    const supply = (await api('POST', '/api/v1/supplies', token, {
      name,
      unit: 'L',
      capacity: 6,
      level: 6,
      reorderPoint: 2,
      sku: 'milk-6x1l',
      policy: { mode },
    })) as { id: string };
    const device = (await api('POST', '/api/v1/devices', token, { name: `${name} sensor`, kind: 'fridge', supplyIds: [supply.id] })) as { id: string; token: string };
    return { supplyId: supply.id, deviceId: device.id, deviceToken: device.token };
  }

  const readLevel = (d: { supplyId: string; deviceId: string; deviceToken: string }, id: string, level: number) =>
    api('POST', `/api/v1/devices/${d.deviceId}/telemetry`, d.deviceToken, { readings: [{ id, supplyId: d.supplyId, level, unit: 'L', at: clock.now().toISOString() }] });

  it("follows the server's clock when the device's own clock is a day off", async () => {
    const page = await openMirror('fr', new Date(Date.parse(NOW) - 86_400_000).toISOString());
    expect(await page.innerText('main')).toMatch(/lundi 30 novembre/i);
    expect(await page.innerText('.clock-time')).toBe('14:30');
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a low-stock card as soon as a device reading arrives, without a reload', async () => {
    const page = await mirrorPage('fr');
    const device = await supplyWithDevice('fr', 'Lait demi-écrémé', 'notify');
    await page.evaluate(() => document.body.setAttribute('data-same-page', 'yes'));
    expect(await page.locator(`.low-stock[data-supply="${device.supplyId}"]`).count()).toBe(0);
    await readLevel(device, 'e2e-low-1', 0.5);
    const card = page.locator(`.low-stock[data-supply="${device.supplyId}"]`);
    await card.waitFor({ timeout: 5000 });
    expect(await card.innerText()).toContain('Lait demi-écrémé');
    expect(await page.getAttribute('body', 'data-same-page')).toBe('yes');
  });

  it('shows notifications as toasts and dims on the household’s night hours', async () => {
    const page = await mirrorPage('en');
    // (Google here: the settings test linked Alexa on this page, and its toast may still show.)
    server.app.events.publish('notification', demo.en.householdId, { key: 'mirror.ui.pairing.done.google', params: {}, level: 'info' });
    await page.locator('.toast', { hasText: 'Google is now linked to this household.' }).waitFor({ timeout: 5000 });
    expect(await page.evaluate(() => document.body.classList.contains('night'))).toBe(false);
    // 08:30 in New York: a night window around it dims the page after its next resync.
    await api('PATCH', '/api/v1/household', demo.en.token, { settings: { nightMode: { enabled: true, start: '08:00', end: '09:00' } } });
    await page.reload();
    await page.waitForSelector('body.night[data-rendered="true"]', { timeout: 10_000 });
    await api('PATCH', '/api/v1/household', demo.en.token, { settings: { nightMode: { enabled: true, start: '23:00', end: '06:30' } } });
    await page.reload();
    await page.waitForSelector('body[data-rendered="true"]:not(.night)', { timeout: 10_000 });
  });

  it('shows a garment’s photo, fetched with the token, instead of its drawing', async () => {
    const page = await mirrorPage('fr');
    const household = (await api('GET', '/api/v1/household', demo.fr.token)) as { profiles: { id: string }[] };
    const suggestion = (await api('GET', `/api/v1/outfits/today?profile=${household.profiles[0].id}`, demo.fr.token)) as { outfits: { garmentIds: string[] }[] };
    const garmentId = suggestion.outfits[0].garmentIds[0];
    // A real PNG: a corner of the mirror itself.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 64, height: 64 } });
    const boundary = 'mirror-e2e-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="garment.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await server.app.inject({
      method: 'PUT',
      url: `/api/v1/wardrobe/items/${garmentId}/photo`,
      headers: { authorization: `Bearer ${demo.fr.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(upload.statusCode).toBe(200);
    // Setting a photo raises no event today, so the page learns of it on its next load.
    await page.reload();
    await page.waitForSelector('body[data-rendered="true"]');
    const photo = page.locator('img.garment-photo').first();
    await photo.waitFor({ timeout: 5000 });
    expect(await photo.getAttribute('src')).toMatch(/^blob:/);
    expect(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
    expect(problemsOf(page)).toEqual([]);
  });

  it('creates the order when a person approves a proposal by touch', async () => {
    const page = await mirrorPage('en');
    const device = await supplyWithDevice('en', 'Oat milk', 'ask');
    await readLevel(device, 'e2e-ask-1', 0.5);
    const proposal = page.locator('.proposal', { hasText: 'Oat milk' });
    await proposal.waitFor({ timeout: 5000 });
    const orderId = (await proposal.getAttribute('data-proposal')) as string;
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mirror-en-proposal.png') });
    await proposal.getByRole('button', { name: 'Order' }).click();
    await proposal.waitFor({ state: 'detached', timeout: 5000 });
    const { orders } = (await api('GET', '/api/v1/orders', demo.en.token)) as { orders: { id: string; supplyId: string; status: string }[] };
    const order = orders.find((o) => o.id === orderId);
    expect(order?.supplyId).toBe(device.supplyId);
    expect(order?.status).not.toMatch(/^(proposed|cancelled|failed)$/);
    const { proposals } = (await api('GET', '/api/v1/proposals', demo.en.token)) as { proposals: { id: string }[] };
    expect(proposals.map((p) => p.id)).not.toContain(orderId);
    await page.locator(`.delivery[data-order="${orderId}"]`).waitFor({ timeout: 5000 });

    // Declining another waiting reorder (the demo's) leaves nothing on its way for it.
    const other = page.locator('.proposal').first();
    const otherId = (await other.getAttribute('data-proposal')) as string;
    await other.getByRole('button', { name: 'Not now' }).click();
    await page.locator(`.proposal[data-proposal="${otherId}"]`).waitFor({ state: 'detached', timeout: 5000 });
    const after = (await api('GET', '/api/v1/proposals', demo.en.token)) as { proposals: { id: string }[] };
    expect(after.proposals.map((p) => p.id)).not.toContain(otherId);
    expect(await page.locator(`.delivery[data-order="${otherId}"]`).count()).toBe(0);
  });

  it('approves a proposal that is over a spending cap only from its own, explicit button', async () => {
    const page = await mirrorPage('en');
    const token = demo.en.token;
    const supply = (await api('POST', '/api/v1/supplies', token, { name: 'Capped milk', unit: 'L', capacity: 6, level: 6, reorderPoint: 2, sku: 'milk-6x1l', policy: { mode: 'auto', maxPerOrder: 1 } })) as { id: string };
    const device = (await api('POST', '/api/v1/devices', token, { name: 'Capped sensor', kind: 'fridge', supplyIds: [supply.id] })) as { id: string; token: string };
    await readLevel({ supplyId: supply.id, deviceId: device.id, deviceToken: device.token }, 'e2e-cap-1', 0.5);
    const proposal = page.locator('.proposal', { hasText: 'Capped milk' });
    await proposal.waitFor({ timeout: 5000 });
    const orderId = (await proposal.getAttribute('data-proposal')) as string;
    expect(await proposal.getByRole('button', { name: 'Order', exact: true }).count()).toBe(0);
    await proposal.getByRole('button', { name: 'Order anyway (over your limit)' }).click();
    await proposal.waitFor({ state: 'detached', timeout: 5000 });
    const { events } = (await api('GET', `/api/v1/orders/${orderId}/events`, token)) as { events: { toStatus: string; detail: string | null }[] };
    expect(events.find((e) => e.toStatus === 'approved')?.detail).toBe('overPerOrderCap: confirmed explicitly');
    expect(problemsOf(page)).toEqual([]);
  });

  it('marks itself offline when the server goes away and resyncs on its own after a restart', async () => {
    const page = await mirrorPage('fr');
    await page.evaluate(() => document.body.setAttribute('data-same-page', 'restart'));
    const agendaBefore = await page.innerText('[data-region="agenda"]');
    const port = server.port;
    await server.close();
    await page.waitForSelector('.status[data-online="false"]', { timeout: 8000 });
    expect(await page.innerText('.status')).toMatch(/Hors ligne/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mirror-fr-offline.png') });
    // The last data stays on screen while offline.
    expect(await page.innerText('[data-region="agenda"]')).toBe(agendaBefore);

    server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock, port });
    // Changed while the page was away, with no event it could have heard: only a resync shows it.
    const created = (await api('POST', '/api/v1/supplies', demo.fr.token, { name: 'Café en grains', unit: 'kg', capacity: 1, level: 0.05, reorderPoint: 0.2, sku: 'coffee-beans-1kg', policy: { mode: 'notify' } })) as { id: string };
    await page.waitForSelector('.status[data-online="true"]', { state: 'attached', timeout: 15_000 });
    await page.locator(`.low-stock[data-supply="${created.id}"]`).waitFor({ timeout: 8000 });
    expect(await page.getAttribute('body', 'data-same-page')).toBe('restart');
    expect(problemsOf(page)).toEqual([]);
  });
});
