import { AppHarness, DESKTOP, type TestHousehold } from './support/harness';

/** The app shell at /app: signing in from the fragment, the language, the navigation, the CSP. */
describe('the household app shell in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
  });
  afterAll(async () => h?.close());

  it('is served publicly at /app under the strict CSP, with nothing inline', async () => {
    const res = await fetch(`${h.url}/app`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style|style=/);
    expect(html).toContain('/app/app.js');
  });

  it('signs in from #token= once, keeps the token and strips it from the address bar', async () => {
    const page = await h.open(fr.token, { locale: 'en-US' });
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate(() => window.localStorage.getItem('miroir.app.token'))).toBe(fr.token);
    // The household's language by default, whatever the browser's.
    await expect(page.getByRole('heading', { level: 1, name: 'Aujourd’hui' }).isVisible()).resolves.toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // A reload finds the token again.
    await page.reload();
    await page.getByRole('navigation', { name: 'Principale' }).waitFor();
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('navigates by the bottom navigation and switches the language for this phone', async () => {
    const page = await h.open(en.token);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Wardrobe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wardrobe' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Wardrobe' }).getAttribute('aria-current')).toBe('page');
    await h.shot(page, 'shell-en-phone');
    expect(await h.axe(page)).toEqual([]);

    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Garde-robe' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Garde-robe' }).waitFor();
    // Every nav target is a thumb-sized link.
    const boxes = await nav.getByRole('link').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.min(...boxes)).toBeGreaterThanOrEqual(44);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('lays the navigation out as a side rail on a desktop', async () => {
    const page = await h.open(en.token, { viewport: DESKTOP });
    const nav = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    expect(nav?.x).toBe(0);
    expect(nav?.height).toBeGreaterThan(800);
    await h.shot(page, 'shell-en-desktop');
    expect(await h.axe(page)).toEqual([]);
  });

  it('offers to connect, in the browser’s language, when the phone has no token, and says it is signed out with a refused one', async () => {
    const context = await h.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${h.url}/app`);
    await page.getByRole('heading', { name: 'Connecter ce téléphone' }).waitFor();
    await page.goto(`${h.url}/app#token=mh_not-a-token`);
    await page.getByText('Ce téléphone est déconnecté').waitFor();
    await page.getByRole('button', { name: 'Connecter ce téléphone avec un code' }).waitFor();
    await context.close();
  });
});
