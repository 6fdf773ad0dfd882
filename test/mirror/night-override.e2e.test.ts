import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { parseNightSchedule, shouldKeepAwake } from '@mirror/electron/schedule';
import { ManualClock } from '@server/core/clock';
import { seedDemoHousehold } from '@server/demo/seed';
import { fixture, StubProvider } from '@test/weather/stub-server';
import { launchChromium } from './support/browser';
import { buildMirrorUi } from './support/build-ui';
import { startServer, type RunningServer } from './support/mirror-server';

/** 14:30 in Paris: the day, outside the demo's night hours. */
const NOW = '2026-11-30T13:30:00Z';
const SCREENSHOTS = path.resolve(__dirname, '../artifacts/screenshots');

describe('the mirror page follows the night override live (Chromium, real server)', () => {
  let browser: Browser;
  let weather: StubProvider;
  let server: RunningServer;
  let dataDir: string;
  const clock = new ManualClock(NOW);
  let owner = '';
  let display = '';
  let householdId = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-night-e2e-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    weather = await StubProvider.start();
    weather.reply(weather.json(fixture('open-meteo-paris.json')));
    [browser] = await Promise.all([launchChromium(), buildMirrorUi()]);
    server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock });
    const seeded = await seedDemoHousehold(server.app, 'fr-FR');
    owner = seeded.token;
    householdId = seeded.household.id;
    display = await server.app.households.tokens.issue(householdId, 'display', null, 'mirror');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await weather?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes dark when switched off, lights up when switched on, and hands back to the schedule when the override runs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'fr-FR', serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${server.url}/mirror#token=${display}`);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    expect(await page.evaluate(() => document.body.classList.contains('night'))).toBe(false);

    // "Hey Google, turn off the mirror" and the app's switch both end here; no reload of the page.
    const off = await server.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: { authorization: `Bearer ${owner}` }, payload: { awake: false } });
    expect(off.json()).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-01T05:30:00.000Z' } });
    await page.waitForSelector('body.night', { timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mirror-night-override.png') });

    await server.app.mirrorPower.set(householdId, true, 'google');
    await page.waitForSelector('body:not(.night)', { timeout: 10_000 });

    // Off again, then the morning comes: at 06:30 the page wakes on its own tick, no message needed.
    await server.app.mirrorPower.set(householdId, false, 'google');
    await page.waitForSelector('body.night', { timeout: 10_000 });
    await page.clock.setFixedTime(new Date('2026-12-01T05:29:00Z'));
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => document.body.classList.contains('night'))).toBe(true);
    await page.clock.setFixedTime(new Date('2026-12-01T05:31:00Z'));
    await page.waitForSelector('body:not(.night)', { timeout: 10_000 });

    // A page opened while the override holds starts dark.
    const fresh = await context.newPage();
    await fresh.clock.setFixedTime(new Date('2026-12-01T05:31:00Z'));
    clock.set('2026-12-01T05:31:00Z');
    await server.app.mirrorPower.set(householdId, false, 'app');
    await fresh.goto(`${server.url}/mirror`);
    await fresh.waitForSelector('body.night[data-rendered="true"]', { timeout: 10_000 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells the Electron kiosk the override too, so the screen sleeps and wakes with the page', async () => {
    clock.set(NOW);
    await server.app.mirrorPower.set(householdId, true, 'app');
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'fr-FR', serviceWorkers: 'block' });
    // What the kiosk's preload exposes (mirror/electron/preload.ts), recording what the page sends.
    await context.addInitScript(() => {
      const sent: unknown[] = [];
      (window as unknown as { kioskReports: unknown[] }).kioskReports = sent;
      (window as unknown as { miroirKiosk: object }).miroirKiosk = { reportNightSchedule: (schedule: unknown) => sent.push(schedule) };
    });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${server.url}/mirror#token=${display}`);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    /** The last report, as the kiosk's main process validates it. */
    const lastReport = async () => parseNightSchedule(await page.evaluate(() => (window as unknown as { kioskReports: unknown[] }).kioskReports.at(-1)));
    const reports = () => page.evaluate(() => (window as unknown as { kioskReports: unknown[] }).kioskReports.length);
    const first = await lastReport();
    expect(first).toMatchObject({ enabled: true, timezone: 'Europe/Paris', override: null });
    expect(shouldKeepAwake(new Date(NOW), first)).toBe(true);

    const before = await reports();
    await server.app.mirrorPower.set(householdId, false, 'google');
    await page.waitForSelector('body.night', { timeout: 10_000 });
    await page.waitForFunction((n) => (window as unknown as { kioskReports: unknown[] }).kioskReports.length > n, before, { timeout: 10_000 });
    const dark = await lastReport();
    expect(dark?.override).toEqual({ mode: 'night', until: '2026-12-01T05:30:00.000Z' });
    // The kiosk lets the display sleep now, and wakes it at 06:30 on its own minute check.
    expect(shouldKeepAwake(new Date(NOW), dark)).toBe(false);
    expect(shouldKeepAwake(new Date('2026-12-01T05:31:00Z'), dark)).toBe(true);

    const lit = await reports();
    await server.app.mirrorPower.set(householdId, true, 'app');
    await page.waitForSelector('body:not(.night)', { timeout: 10_000 });
    await page.waitForFunction((n) => (window as unknown as { kioskReports: unknown[] }).kioskReports.length > n, lit, { timeout: 10_000 });
    expect(shouldKeepAwake(new Date(NOW), await lastReport())).toBe(true);
    await context.close();
  });
  it('shows the settings at full brightness to someone who opens them at night, and dims again once closed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${server.url}/mirror#token=${display}`);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    await server.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: { authorization: `Bearer ${owner}` }, payload: { awake: false } });
    await page.waitForFunction(() => document.body.classList.contains('night'), null, { timeout: 10_000 });
    // The dimming is a filter on the page; what counts is the filter the rules ask for, not the 2 s transition.
    const wanted = () => page.evaluate(() => { const b = document.body; const t = b.style.transition; b.style.transition = 'none'; const f = getComputedStyle(b).filter; b.style.transition = t; return f; });
    expect(await wanted()).toBe('brightness(0.35)');
    await page.locator('.settings-button').click();
    await page.getByRole('dialog', { name: 'Réglages' }).waitFor();
    expect(await wanted()).toBe('none');
    await page.getByRole('button', { name: 'Fermer' }).click();
    expect(await wanted()).toBe('brightness(0.35)');
    await server.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: { authorization: `Bearer ${owner}` }, payload: { awake: true } });
    await context.close();
  });
});
