import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '@server/core/clock';
import { seedDemoHousehold } from '@server/demo/seed';
import { launchChromium } from '@test/mirror/support/browser';
import { startServer, type RunningServer } from '@test/mirror/support/mirror-server';
import { fixture, StubProvider } from '@test/weather/stub-server';
import { BROWSER_HARNESS, MODULE_DIR, NodeHelperStandIn, type HelperInstance, type SocketNotification } from './support/magicmirror';

jest.mock('node_helper', () => NodeHelperStandIn, { virtual: true });

type HelperClass = new () => HelperInstance;
interface DisplayData {
  household: { name: string; locale: string };
  outfits: { profileId: string; name: string; garments: string[]; explanation: string | null; bring: string[]; unavailable?: boolean }[];
  supplies: { id: string; name: string; level: number; unit: string; daysLeft: number | null }[];
  proposals: { id: string; name: string; quantity: number; total: number; currency: string }[];
  deliveries: { id: string; name: string; status: string }[];
}

const NOW = '2026-11-30T13:30:00Z';
const SCREENSHOT = path.resolve(__dirname, '../../artifacts/screenshots/mmm-miroir.png');

describe('MMM-Miroir, the MagicMirror² module, against a real listening Miroir', () => {
  let weather: StubProvider;
  let server: RunningServer;
  let dataDir: string;
  let tokenDir: string;
  let demo: { token: string; householdId: string };
  const clock = new ManualClock(NOW);
  const helpers: HelperInstance[] = [];

  const Helper = (): HelperClass => jest.requireActual<HelperClass>(path.join(MODULE_DIR, 'node_helper.js'));
  function newHelper(): HelperInstance {
    const helper = new (Helper())();
    helper.start();
    helpers.push(helper);
    return helper;
  }
  /** A token file in the module's folder, as a user puts it there (named `token-*`, ignored by git); returns its name. */
  const tokenFiles: string[] = [];
  function tokenFile(token: string): string {
    const name = `token-test-${Math.random().toString(16).slice(2)}`;
    fs.writeFileSync(path.join(MODULE_DIR, name), `${token}\n`, { mode: 0o600 });
    tokenFiles.push(name);
    return name;
  }
  /** The next notification matching `test`, from now on. */
  function next(helper: HelperInstance, test: (n: SocketNotification) => boolean, timeoutMs = 20_000): Promise<SocketNotification> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching notification in ${timeoutMs} ms; got ${helper.sent.map((s) => s.notification).join(', ')}`)), timeoutMs);
      const previous = helper.onSend;
      helper.onSend = (n) => {
        previous?.(n);
        if (!test(n)) return;
        clearTimeout(timer);
        helper.onSend = previous;
        resolve(n);
      };
    });
  }
  const dataOf = (n: SocketNotification) => (n.payload as { data: DisplayData }).data;
  const isData = (n: SocketNotification) => n.notification === 'MIROIR_DATA';
  const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
    const res = await server.app.inject({ method, url, headers: { authorization: `Bearer ${demo.token}` }, payload: body as object });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-mm-'));
    tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-mm-token-'));
    weather = await StubProvider.start();
    weather.reply(weather.json(fixture('open-meteo-paris.json')));
    server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock });
    const seeded = await seedDemoHousehold(server.app, 'en-US');
    demo = { token: seeded.token, householdId: seeded.household.id };
  });
  afterAll(async () => {
    for (const h of helpers) h.stop();
    await server?.close();
    await weather?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tokenDir, { recursive: true, force: true });
    for (const name of tokenFiles) fs.rmSync(path.join(MODULE_DIR, name), { force: true });
  });

  describe('MMM-Miroir.js in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => browser?.close());

    async function mount(config: Record<string, unknown>, lang: 'en' | 'fr'): Promise<{ page: Page; errors: string[] }> {
      const context = await browser.newContext({ viewport: { width: 600, height: 900 }, locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.setContent('<!doctype html><html><body style="background:#000;color:#ccc;font-family:sans-serif"><div id="region" style="padding:16px;display:inline-block"></div></body></html>');
      await page.addScriptTag({ content: BROWSER_HARNESS });
      await page.addScriptTag({ path: path.join(MODULE_DIR, 'MMM-Miroir.js') });
      const translations = JSON.parse(fs.readFileSync(path.join(MODULE_DIR, 'translations', `${lang}.json`), 'utf8')) as Record<string, string>;
      const declared = await page.evaluate(([c, t]) => (window as unknown as { __mount(c: unknown, t: unknown): { styles: string[]; translations: Record<string, string> } }).__mount(c, t), [config, translations] as const);
      expect(declared).toEqual({ styles: ['MMM-Miroir.css'], translations: { en: 'translations/en.json', fr: 'translations/fr.json' } });
      for (const file of [...declared.styles, ...Object.values(declared.translations)]) expect(fs.existsSync(path.join(MODULE_DIR, file))).toBe(true);
      await page.addStyleTag({ path: path.join(MODULE_DIR, 'MMM-Miroir.css') });
      return { page, errors };
    }
    const deliver = (page: Page, notification: string, payload: unknown) =>
      page.evaluate(([n, p]) => (window as unknown as { __deliver(n: string, p: unknown): void }).__deliver(n, p), [notification, payload] as const);
    const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: SocketNotification[] }).__sent);

    it('renders what the real helper sends, in English and French, with the token only on the server side', async () => {
      const helper = newHelper();
      const first = next(helper, isData);
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'module_0_MMM-Miroir', url: server.url, tokenFile: tokenFile(demo.token) });
      const data = await first;
      for (const lang of ['en', 'fr'] as const) {
        const { page, errors } = await mount({ url: server.url }, lang);
        expect(await page.innerText('#region')).toBe(lang === 'en' ? 'Loading…' : 'Chargement…');
        // What the browser side asked the helper for: no token anywhere.
        const asked = await sent(page);
        expect(asked).toEqual([{ notification: 'MIROIR_CONFIG', payload: expect.objectContaining({ identifier: 'module_0_MMM-Miroir', url: server.url }) }]);
        await deliver(page, data.notification, data.payload);
        const text = await page.innerText('#region');
        const d = dataOf(data);
        for (const o of d.outfits) {
          expect(text).toContain(o.name);
          expect(text).toContain(o.garments[0]);
          if (o.explanation) expect(text).toContain(o.explanation);
        }
        for (const s of d.supplies) expect(text).toContain(s.name);
        expect(text).toContain(lang === 'en' ? `Reorder ${d.proposals[0]?.name ?? ''}?` : `Recommander ${d.proposals[0]?.name ?? ''} ?`);
        expect(await page.$$eval('[data-part]', (els) => els.map((e) => (e as HTMLElement).dataset.part))).toEqual(['outfits', 'supplies', 'proposals', 'deliveries']);
        expect(text).toContain(lang === 'en' ? 'What to wear' : 'Quoi porter');
        expect(await page.content()).not.toContain(demo.token);
        if (lang === 'en') {
          fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
          await page.locator('#region').screenshot({ path: SCREENSHOT });
        }
        // Miroir unreachable: said, and the last data stays.
        await deliver(page, 'MIROIR_ERROR', { identifier: 'module_0_MMM-Miroir', code: 'UNREACHABLE' });
        expect(await page.getAttribute('[data-error]', 'data-error')).toBe('UNREACHABLE');
        expect(await page.innerText('#region')).toContain(d.outfits[0].name);
        // Another instance's notification is not for this one.
        await deliver(page, 'MIROIR_ERROR', { identifier: 'module_1_MMM-Miroir', code: 'UNAUTHORIZED' });
        expect(await page.getAttribute('[data-error]', 'data-error')).toBe('UNREACHABLE');
        expect(errors).toEqual([]);
        await page.context().close();
      }
    });

    it('shows only the parts asked for, treats data as text, and refuses a token written in config.js', async () => {
      const { page, errors } = await mount({ url: server.url, parts: ['supplies'] }, 'en');
      await deliver(page, 'MIROIR_DATA', {
        identifier: 'module_0_MMM-Miroir',
        data: { household: { name: 'H', locale: 'en-US' }, outfits: [], supplies: [{ id: 's1', name: '<img src=x onerror="window.__pwned=1">Milk', level: 0.25, unit: 'L', daysLeft: 1.5 }], proposals: [], deliveries: [] },
      });
      expect(await page.$$eval('[data-part]', (els) => els.map((e) => (e as HTMLElement).dataset.part))).toEqual(['supplies']);
      expect(await page.innerText('#region')).toContain('<img src=x onerror="window.__pwned=1">Milk 0.3 L · about 1.5 days left');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(errors).toEqual([]);
      await page.context().close();

      // Numbers follow MagicMirror's own locale (its global `config`), not the household's: a real
      // MagicMirror² 2.36 with an English config showed "about 4,8 days left" for a French household.
      const english = await mount({ url: server.url, parts: ['supplies', 'proposals'] }, 'en');
      await english.page.evaluate(() => ((window as unknown as { config: unknown }).config = { language: 'en', locale: 'en-GB' }));
      await deliver(english.page, 'MIROIR_DATA', {
        identifier: 'module_0_MMM-Miroir',
        data: { household: { name: 'H', locale: 'fr-FR' }, outfits: [], supplies: [{ id: 's1', name: 'Encre', level: 13.3, unit: '%', daysLeft: 4.8 }], proposals: [{ id: 'o1', name: 'Encre', total: 29.9, currency: 'EUR' }], deliveries: [] },
      });
      const englishText = await english.page.innerText('#region');
      expect(englishText).toContain('Encre 13.3 % · about 4.8 days left');
      expect(englishText).toContain('Reorder Encre? €29.90');
      await english.page.context().close();

      const withToken = await mount({ url: server.url, token: demo.token }, 'fr');
      expect(await sent(withToken.page)).toEqual([]);
      expect(await withToken.page.getAttribute('[data-error]', 'data-error')).toBe('TOKEN_IN_CONFIG');
      await withToken.page.context().close();
    });
  });

  describe('node_helper.js', () => {
    it('sends each part as display data, live from the event stream, and never the token', async () => {
      const helper = newHelper();
      const first = next(helper, isData);
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm1', url: server.url, tokenFile: tokenFile(demo.token) });
      const data = dataOf(await first);
      const profiles = (await api('GET', '/api/v1/household')).profiles as { id: string; name: string }[];
      expect(data.outfits.map((o) => o.name)).toEqual(profiles.map((p) => p.name));
      for (const outfit of data.outfits) {
        expect(outfit.unavailable).toBeUndefined();
        expect(outfit.garments.length).toBeGreaterThan(1);
        expect(outfit.explanation).toEqual(expect.any(String));
      }
      const proposals = (await api('GET', '/api/v1/proposals')).proposals as { id: string }[];
      expect(data.proposals.map((p) => p.id)).toEqual(proposals.map((p) => p.id));
      expect(data.proposals.length).toBeGreaterThan(0);

      // A change at home reaches the module through the stream, without waiting for the periodic refresh.
      const supplies = (await api('GET', '/api/v1/supplies')).supplies as { id: string; name: string; reorderDue: boolean }[];
      const full = supplies.find((s) => !s.reorderDue)!;
      const update = next(helper, (n) => isData(n) && dataOf(n).supplies.some((s) => s.id === full.id));
      await api('PATCH', `/api/v1/supplies/${full.id}`, { level: 0 });
      expect(dataOf(await update).supplies.find((s) => s.id === full.id)).toMatchObject({ name: full.name, level: 0 });

      // Approving the proposal moves it to the deliveries.
      const approved = next(helper, (n) => isData(n) && dataOf(n).deliveries.some((d) => d.id === proposals[0].id));
      await api('POST', `/api/v1/proposals/${proposals[0].id}/approve`);
      const after = dataOf(await approved);
      expect(after.proposals.map((p) => p.id)).not.toContain(proposals[0].id);
      expect(after.deliveries.find((d) => d.id === proposals[0].id)?.status).toBe('scheduled');

      // Whatever went to the browser side, the token was not in it.
      expect(JSON.stringify(helper.sent)).not.toContain(demo.token);
    });

    it('reconnects after the server restarts and resyncs', async () => {
      const helper = newHelper();
      const first = next(helper, isData);
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm2', url: server.url, tokenFile: tokenFile(demo.token), parts: ['supplies'] });
      await first;
      const port = server.port;
      const down = next(helper, (n) => n.notification === 'MIROIR_ERROR' && (n.payload as { code: string }).code === 'UNREACHABLE');
      await server.close();
      await down;
      server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock, port });
      // Back on its own: the stream reopens, the server (a new boot) says resync, the helper refetches.
      const back = await next(helper, isData);
      expect(dataOf(back).supplies.length).toBeGreaterThan(0);
      const supplies = (await api('GET', '/api/v1/supplies')).supplies as { id: string; reorderDue: boolean }[];
      const target = supplies.find((s) => !s.reorderDue)!;
      const live = next(helper, (n) => isData(n) && dataOf(n).supplies.some((s) => s.id === target.id));
      await api('PATCH', `/api/v1/supplies/${target.id}`, { level: 0 });
      await live;
      expect(JSON.stringify(helper.sent)).not.toContain(demo.token);
    });

    it('says what is wrong: no token, a refused token; and a reloaded browser gets the data at once', async () => {
      const helper = newHelper();
      const missing = next(helper, (n) => n.notification === 'MIROIR_ERROR');
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm3', url: server.url, tokenFile: 'token-test-none' });
      expect((await missing).payload).toEqual({ identifier: 'm3', code: 'NO_TOKEN' });
      // The file name comes over MagicMirror's socket: no path leaves the module's folder.
      const outside = path.join(tokenDir, 'token-outside');
      fs.writeFileSync(outside, demo.token);
      for (const name of [outside, `../${path.basename(MODULE_DIR)}/${tokenFile(demo.token)}`, '.token']) {
        const refusedName = next(helper, (n) => n.notification === 'MIROIR_ERROR');
        helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: `m3-${name}`, url: server.url, tokenFile: name });
        expect({ name, payload: (await refusedName).payload }).toEqual({ name, payload: { identifier: `m3-${name}`, code: 'NO_TOKEN' } });
      }
      const refused = next(helper, (n) => n.notification === 'MIROIR_ERROR');
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm4', url: server.url, tokenFile: tokenFile('not-a-token') });
      expect((await refused).payload).toEqual({ identifier: 'm4', code: 'UNAUTHORIZED' });

      const first = next(helper, isData);
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm5', url: server.url, tokenFile: tokenFile(demo.token), parts: ['deliveries'] });
      await first;
      const again = next(helper, isData, 1000);
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm5', url: server.url, tokenFile: tokenFile(demo.token), parts: ['deliveries'] });
      expect((await again).payload).toMatchObject({ identifier: 'm5' });

      // Any page reaching MagicMirror's socket could ask for a token to be sent elsewhere: refused.
      const file = tokenFile(demo.token);
      const used = next(helper, isData);
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm6', url: server.url, tokenFile: file, parts: ['supplies'] });
      await used;
      const elsewhere = next(helper, (n) => n.notification === 'MIROIR_ERROR');
      helper.socketNotificationReceived('MIROIR_CONFIG', { identifier: 'm7', url: 'http://127.0.0.1:9', tokenFile: file });
      expect((await elsewhere).payload).toEqual({ identifier: 'm7', code: 'URL_MISMATCH' });
    });
  });
});
