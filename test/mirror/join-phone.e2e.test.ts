import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '@server/core/clock';
import { fixture, StubProvider } from '@test/weather/stub-server';
import { launchChromium } from './support/browser';
import { buildMirrorUi } from './support/build-ui';
import { startServer, type RunningServer } from './support/mirror-server';

const NOW = '2026-11-30T13:30:00Z';
const SCREENSHOTS = path.resolve(__dirname, '../artifacts/screenshots');

/** "Connect a phone" in the mirror's settings, on the mirror's own display token. */
describe('the mirror’s “Connect a phone” in Chromium', () => {
  let browser: Browser;
  let weather: StubProvider;
  let server: RunningServer;
  let dataDir: string;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-mirror-join-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    weather = await StubProvider.start();
    weather.reply(weather.json(fixture('open-meteo-paris.json')));
    [browser] = await Promise.all([launchChromium(), buildMirrorUi()]);
    server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await weather?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [lang, locale, button, warning] of [
    ['fr', 'fr-FR', 'Connecter un téléphone', 'HOST=0.0.0.0 npm start'],
    ['en', 'en-US', 'Connect a phone', 'HOST=0.0.0.0 npm start'],
  ] as const) {
    it(`shows a QR code, the code and its expiry, and the loopback guidance (${lang}, 1280×800); the code connects a phone`, async () => {
      const created = await server.app.households.create({ name: lang === 'fr' ? 'Famille Roux' : 'The Parkers', locale, timezone: 'Europe/Paris', latitude: 48.85, longitude: 2.35 });
      const display = await server.app.households.tokens.issue(created.household.id, 'display', null, 'mirror');
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale, serviceWorkers: 'block' });
      try {
        const page: Page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (err) => problems.push(err.message));
        page.on('console', (msg) => {
          if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
        });
        page.on('request', (req) => {
          if (!req.url().startsWith(server.url) && !req.url().startsWith('data:')) problems.push(`outside request: ${req.url()}`);
        });
        await page.clock.setFixedTime(new Date(NOW));
        await page.goto(`${server.url}/mirror#token=${display}`);
        await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
        await page.click('.settings-button');
        await page.getByRole('button', { name: button }).click();
        await page.getByRole('img', { name: lang === 'fr' ? 'QR code pour connecter un téléphone' : 'QR code to connect a phone' }).waitFor();
        const code = await page.innerText('.join-code');
        expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
        expect(await page.innerText('.join-phone')).toContain(lang === 'fr' ? 'jusqu’à 14:40' : 'until 2:40');
        expect(await page.innerText('.join-warning')).toContain(warning);
        // The QR code is drawn as SVG paths in the page: enough dark modules to be a real code.
        expect((await page.getAttribute('.join-qr path', 'd'))!.split('M').length).toBeGreaterThan(200);
        await page.screenshot({ path: path.join(SCREENSHOTS, `mirror-${lang}-join-phone.png`) });
        expect(problems).toEqual([]);

        const res = await server.app.inject({ method: 'POST', url: '/api/v1/join-codes/redeem', payload: { code, deviceName: 'Phone' } });
        expect(res.statusCode).toBe(201);
        expect(res.json().household.id).toBe(created.household.id);
      } finally {
        await context.close();
      }
    });
  }
});
