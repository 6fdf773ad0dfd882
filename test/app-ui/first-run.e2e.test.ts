import type { Page } from 'playwright-core';
import { seedDemoHousehold } from '@server/demo/seed';
import { fixture, StubProvider } from '@test/weather/stub-server';
import { AppHarness, DESKTOP, settledValue } from './support/harness';

jest.setTimeout(120_000);

interface Words {
  locale: 'fr-FR' | 'en-US';
  banner: string;
  start: string;
  name: string;
  required: string;
  next: string;
  city: string;
  search: string;
  person: (n: number) => string;
  comfort: (n: number) => string;
  addPerson: string;
  runsCold: string;
  currency: string;
  create: string;
  ready: string;
  eraseDemo: string;
  erased: string;
  checklist: string;
  family: string;
  language: string;
}

const FR: Words = {
  locale: 'fr-FR',
  banner: 'Vous êtes dans le foyer de démonstration',
  start: 'Créer votre foyer',
  name: 'Nom du foyer',
  required: 'À remplir.',
  next: 'Suivant',
  city: 'Ville',
  search: 'Chercher',
  person: (n) => `Prénom de la personne ${n}`,
  comfort: (n) => `Confort de la personne ${n}`,
  addPerson: 'Ajouter une personne',
  runsCold: 'J’ai vite froid',
  currency: 'Devise',
  create: 'Créer le foyer',
  ready: 'Votre foyer est prêt',
  eraseDemo: 'Effacer le foyer de démonstration',
  erased: 'Le foyer de démonstration est effacé.',
  checklist: 'Prochaines étapes',
  family: 'Famille Dupont',
  language: 'Langue et région',
};

const EN: Words = {
  locale: 'en-US',
  banner: 'This is the demo household',
  start: 'Set up your household',
  name: 'Household name',
  required: 'Fill this in.',
  next: 'Next',
  city: 'City',
  search: 'Search',
  person: (n) => `Name of person ${n}`,
  comfort: (n) => `Comfort of person ${n}`,
  addPerson: 'Add another person',
  runsCold: 'I run cold',
  currency: 'Currency',
  create: 'Create the household',
  ready: 'Your household is ready',
  eraseDemo: 'Erase the demo household',
  erased: 'The demo household is erased.',
  checklist: 'Next steps',
  family: 'The Hendersons',
  language: 'Language and region',
};

async function step(h: AppHarness, page: Page, shot: string): Promise<void> {
  await h.shot(page, shot);
  expect(await h.axe(page)).toEqual([]);
}

/**
 * First run on a fresh Miroir whose only household is the demo: the phone signed in to the demo
 * creates the family's household with two people, the open mirror moves to it by itself, and the
 * demo is erased from the phone. In French with the city search, in English without internet
 * (coordinates typed in) and in British English (pounds).
 */
describe.each([
  ['fr', FR],
  ['en', EN],
])('first run in Chromium at 390×844 (%s)', (lng, w) => {
  let h: AppHarness;
  let geo: StubProvider;
  let demo: Awaited<ReturnType<typeof seedDemoHousehold>>;
  let demoApp: string;
  let demoDisplay: string;
  beforeAll(async () => {
    geo = await StubProvider.start();
    h = await AppHarness.start({ env: { OPEN_METEO_GEOCODING_URL: `${geo.url}/v1` } });
    demo = await seedDemoHousehold(h.server.app, w.locale === 'fr-FR' ? 'fr-FR' : 'en-US');
    demoApp = (await h.api<{ token: string }>('POST', '/api/v1/tokens', demo.token, { scope: 'app', label: 'phone' })).token;
    demoDisplay = (await h.api<{ token: string }>('POST', '/api/v1/tokens', demo.token, { scope: 'display', label: 'mirror' })).token;
  });
  afterAll(async () => {
    await h?.close();
    await geo?.close();
  });

  it('creates the family household with two people, moves the open mirror, then erases the demo', async () => {
    const mirrorContext = await h.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: w.locale });
    const mirror = await mirrorContext.newPage();
    await mirror.clock.setFixedTime(h.clock.now());
    await mirror.goto(`${h.url}/mirror#token=${demoDisplay}`);
    await mirror.waitForSelector('body[data-rendered="true"]', { timeout: 15_000 });
    expect(await mirror.title()).toContain(demo.household.name);

    // On a desktop too: the flow's first step, laid out in the wide shell.
    const wide = await h.open(demoApp, { locale: w.locale, viewport: DESKTOP, screen: 'setup' });
    await wide.getByRole('heading', { level: 1, name: w.start }).waitFor();
    await wide.getByLabel(w.name).waitFor();
    await step(h, wide, `first-run-${lng}-desktop`);

    const page = await h.open(demoApp, { locale: w.locale });
    const banner = page.getByRole('region', { name: w.banner });
    await banner.waitFor();
    await step(h, page, `first-run-${lng}-banner`);
    await banner.getByRole('link', { name: w.start }).click();

    // 1. The household: a name is required; the time zone is the phone's.
    const form = page.getByRole('form');
    await form.getByRole('button', { name: w.next }).click();
    await form.getByText(w.required).waitFor();
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await form.getByLabel(lng === 'fr' ? 'Fuseau horaire' : 'Time zone').inputValue()).toBe(zone);
    await form.getByLabel(w.name).fill(w.family);
    if (lng === 'en') await form.getByLabel(w.language).selectOption({ label: 'English (United Kingdom)' });
    await step(h, page, `first-run-${lng}-1-household`);
    await form.getByRole('button', { name: w.next }).click();

    // 2. Where: the city search when it answers, else coordinates typed in.
    await form.getByLabel(w.city).fill(lng === 'fr' ? 'Paris' : 'London');
    if (lng === 'fr') {
      geo.reply(geo.json(fixture('open-meteo-geocoding-paris.json')));
      await form.getByRole('button', { name: w.search }).click();
      await form.getByRole('radio', { name: 'Paris (Île-de-France, France)' }).check();
      expect(await settledValue(form.getByLabel('Latitude'), '48,853')).toBe('48,853');
    } else {
      geo.reply({ status: 502, body: 'no route to host' });
      await form.getByRole('button', { name: w.search }).click();
      await form.getByText('The city search cannot be reached (no internet?). Type the coordinates below instead.').waitFor();
      await form.getByLabel('Latitude').fill('51.5072');
      await form.getByLabel('Longitude').fill('-0.1276');
    }
    await step(h, page, `first-run-${lng}-2-location`);
    await form.getByRole('button', { name: w.next }).click();

    // 3. The people: two, the second runs cold.
    await form.getByLabel(w.person(1)).fill(lng === 'fr' ? 'Claire' : 'Emma');
    await form.getByRole('button', { name: w.addPerson }).click();
    await form.getByLabel(w.person(2)).fill(lng === 'fr' ? 'Tom' : 'Jack');
    await form.getByLabel(w.comfort(2)).selectOption({ label: w.runsCold });
    await step(h, page, `first-run-${lng}-3-people`);
    await form.getByRole('button', { name: w.next }).click();

    // 4. Money and units, defaulted from the language and region chosen in step 1.
    expect(await form.getByLabel(w.currency).inputValue()).toBe(lng === 'fr' ? 'EUR' : 'GBP');
    await step(h, page, `first-run-${lng}-4-units`);
    await form.getByRole('button', { name: w.create }).click();

    await page.getByRole('heading', { level: 1, name: w.ready }).waitFor({ timeout: 15_000 });
    await page.locator('.brand', { hasText: w.family }).waitFor();
    await step(h, page, `first-run-${lng}-5-ready`);

    // The mirror was not touched: it moved by itself, onto a display token of the new household.
    await mirror.waitForFunction((name) => document.title.includes(name) && document.body.dataset.rendered === 'true', w.family, { timeout: 15_000 });
    const mirrorToken = await mirror.evaluate(() => window.localStorage.getItem('miroir.token'));
    expect(mirrorToken).not.toBe(demoDisplay);
    // Its token came from redeeming the claim, not over the stream: a display token of the family.
    expect(mirrorToken).toMatch(/^mm_/);
    expect((await h.api<{ name: string }>('GET', '/api/v1/household', mirrorToken ?? '')).name).toBe(w.family);
    const familyTokens = (await h.api<{ tokens: { scope: string; label: string }[] }>('GET', '/api/v1/tokens', await appTokenOf(page))).tokens;
    expect(familyTokens.filter((tk) => tk.scope === 'display').map((tk) => tk.label)).toEqual(['Mirror (moved from the demo)']);
    const households = await h.server.app.store.db.selectFrom('households').select(['id', 'name', 'currency', 'latitude']).execute();
    const family = households.find((x) => x.name === w.family)!;
    expect(family).toMatchObject({ currency: lng === 'fr' ? 'EUR' : 'GBP' });
    expect(family.latitude).toBeCloseTo(lng === 'fr' ? 48.853 : 51.5072, 3);
    const people = (await h.api<{ profiles: { name: string; comfort: string }[] }>('GET', '/api/v1/profiles', await appTokenOf(page))).profiles;
    expect(people.map((p) => [p.name, p.comfort])).toEqual(lng === 'fr' ? [['Claire', 'neutral'], ['Tom', 'cold']] : [['Emma', 'neutral'], ['Jack', 'cold']]);

    // Erase the demo, with the demo's token the phone kept for that alone.
    const erase = page.getByRole('region', { name: w.eraseDemo });
    await erase.getByLabel(new RegExp(demo.household.name)).fill(demo.household.name);
    await erase.getByRole('button', { name: w.eraseDemo }).click();
    await page.getByRole('status').filter({ hasText: w.erased }).waitFor();
    expect(await page.evaluate(() => window.localStorage.getItem('miroir.app.demoToken'))).toBeNull();
    expect((await h.server.app.store.db.selectFrom('households').select('name').execute()).map((x) => x.name)).toEqual([w.family]);

    // Today lists the steps left, each linking to its screen.
    await page.getByRole('link', { name: lng === 'fr' ? 'Aujourd’hui' : 'Today' }).click();
    const checklist = page.getByRole('region', { name: w.checklist });
    await checklist.getByRole('link', { name: new RegExp(lng === 'fr' ? 'Ajouter vos vêtements' : 'Add your garments') }).waitFor();
    await step(h, page, `first-run-${lng}-6-today`);
    expect(h.problemsOf(page)).toEqual([]);
    await mirrorContext.close();
  });
});

async function appTokenOf(page: Page): Promise<string> {
  return (await page.evaluate(() => window.localStorage.getItem('miroir.app.token'))) ?? '';
}
