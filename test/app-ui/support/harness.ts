import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ManualClock } from '@server/core/clock';
import { launchChromium } from '@test/mirror/support/browser';
import { buildMirrorUi } from '@test/mirror/support/build-ui';
import { startServer, type RunningServer } from '@test/mirror/support/mirror-server';
import { fixture, StubProvider } from '@test/weather/stub-server';

/** 08:30 in Paris on a Monday: the day is ahead, the forecast fixture covers it. */
export const NOW = '2026-11-30T07:30:00Z';
export const SCREENSHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface TestHousehold {
  id: string;
  token: string;
  profileId: string;
}

/**
 * The real server on a listening port (the mirror tests' helpers), a weather stub, and Debian's
 * Chromium, for the household app's browser tests. The app is built by the project's build
 * script first (only when its sources changed), exactly as `npm start` serves it.
 */
export class AppHarness {
  private readonly contexts: BrowserContext[] = [];
  private readonly problems = new Map<Page, string[]>();

  private constructor(
    readonly browser: Browser,
    readonly server: RunningServer,
    readonly weather: StubProvider,
    readonly clock: ManualClock,
    private readonly dataDir: string,
  ) {}

  /** `env` adds server settings (e.g. letting calendar feeds come from this machine's stub server). */
  static async start(options: { env?: Record<string, string> } = {}): Promise<AppHarness> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-app-e2e-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const weather = await StubProvider.start();
    weather.reply(weather.json(fixture('open-meteo-paris.json')));
    const clock = new ManualClock(NOW);
    const [browser] = await Promise.all([launchChromium(), buildMirrorUi()]);
    const server = await startServer({ dataDir, openMeteoUrl: `${weather.url}/v1`, clock, env: options.env });
    return new AppHarness(browser, server, weather, clock, dataDir);
  }

  get url(): string {
    return this.server.url;
  }

  /** In EUR unless told (the tests' prices were written in euros; the locale's default currency has its own tests). */
  async household(name: string, locale: 'fr-FR' | 'en-US' | 'en-GB', people: string[] = [], currency = 'EUR'): Promise<TestHousehold> {
    const timezone = locale === 'fr-FR' ? 'Europe/Paris' : locale === 'en-GB' ? 'Europe/London' : 'America/New_York';
    const created = await this.server.app.households.create({ name, locale, timezone, latitude: 48.85, longitude: 2.35, currency });
    const h = { id: created.household.id, token: created.token, profileId: created.profiles[0].id };
    for (const person of people) await this.api('POST', '/api/v1/profiles', h.token, { name: person });
    return h;
  }

  async api<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string, body?: unknown): Promise<T> {
    const res = await this.server.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: body as object });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return (res.statusCode === 204 ? null : res.json()) as T;
  }

  /** Opens `/app#token=…` in a fresh browser context; waits for the shell. */
  async open(token: string, options: { viewport?: { width: number; height: number }; locale?: string; screen?: string } = {}): Promise<Page> {
    const page = await this.page({ viewport: options.viewport ?? PHONE, locale: options.locale ?? 'en-US' });
    await page.goto(`${this.server.url}/app#token=${token}`);
    if (options.screen) await page.evaluate((s) => (window.location.hash = `#/${s}`), options.screen);
    await page.locator('nav.bottom-nav').waitFor({ timeout: 15_000 });
    return page;
  }

  /** A phone that has never opened the app (no token, its own language and time zone), at `/app`. */
  async freshPhone(locale: string, timezoneId?: string): Promise<Page> {
    const page = await this.page({ viewport: PHONE, locale, timezoneId });
    await page.goto(`${this.server.url}/app`);
    return page;
  }

  /** The mirror's page on its display token (the kiosk in the hall), once it has rendered. */
  async mirror(displayToken: string, locale: string): Promise<Page> {
    const page = await this.page({ viewport: { width: 1280, height: 800 }, locale, touch: false });
    await page.goto(`${this.server.url}/mirror#token=${displayToken}`);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 15_000 });
    return page;
  }

  /** A page in its own browser context on the test clock, its errors and outside requests recorded. */
  private async page(options: { viewport: { width: number; height: number }; locale: string; timezoneId?: string; touch?: boolean }): Promise<Page> {
    const context = await this.browser.newContext({ viewport: options.viewport, locale: options.locale, timezoneId: options.timezoneId, serviceWorkers: 'block', deviceScaleFactor: 1, hasTouch: options.touch ?? true });
    this.contexts.push(context);
    const page = await context.newPage();
    // A step that cannot happen fails with its locator in a few seconds, not at Jest's timeout.
    page.setDefaultTimeout(8000);
    // The browser's clock reads the server's (a test clock): "this month", cancel windows.
    await page.clock.setFixedTime(this.clock.now());
    const seen: string[] = [];
    this.problems.set(page, seen);
    page.on('pageerror', (err) => seen.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) seen.push(msg.text());
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(this.server.url) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) seen.push(`outside request: ${req.url()}`);
    });
    return page;
  }

  problemsOf(page: Page): string[] {
    return this.problems.get(page) ?? [];
  }

  /**
   * axe-core in the page: the serious and critical violations, as readable lines (expected: none).
   * Injected by evaluation: the app's CSP (rightly) refuses an inline <script> from addScriptTag.
   */
  async axe(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    expect(await this.overflowX(page)).toBeLessThanOrEqual(0);
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  /** How far the page is wider than its viewport (a phone layout must not scroll sideways). */
  async overflowX(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  async shot(page: Page, name: string): Promise<string> {
    const file = path.join(SCREENSHOTS, `app-${name}.png`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close();
    await this.server?.close();
    await this.weather?.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A field's value once it has settled on `expected` (forms fill some fields a moment after the
 * person's choice, as the page reacts), or what it holds after `ms`: for `expect(...).toBe(expected)`.
 */
export async function settledValue(field: Locator, expected: string, ms = 5000): Promise<string> {
  const until = Date.now() + ms;
  let value = await field.inputValue();
  while (value !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await field.inputValue();
  }
  return value;
}
