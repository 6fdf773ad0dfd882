import fs from 'node:fs';
import path from 'node:path';
import { AppHarness, type TestHousehold } from './support/harness';
import { startIcsFeeds, type IcsFeeds } from './support/ics-feeds';

jest.setTimeout(90_000);

const GOOGLE = fs.readFileSync(path.resolve(__dirname, '../calendar/fixtures/google.ics'), 'utf8');
const OUTLOOK = fs.readFileSync(path.resolve(__dirname, '../calendar/fixtures/outlook.ics'), 'utf8');

/** The calendars screen (reached from "More"): by a local ICS address or a file; errors in plain words. */
describe('the calendars screen in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  let feeds: IcsFeeds;
  let feedUrl = '';
  beforeAll(async () => {
    // The feeds come from a stub server on this machine, which Miroir refuses unless allowed (SSRF).
    h = await AppHarness.start({ env: { MIROIR_CALENDAR_ALLOW_NETWORKS: '127.0.0.1/32' } });
    fr = await h.household('Famille Martin', 'fr-FR', ['Camille']);
    en = await h.household('The Smiths', 'en-US');
    feeds = await startIcsFeeds({ '/family.ics': GOOGLE });
    feedUrl = feeds.url;
  });
  afterAll(async () => {
    await h?.close();
    await feeds?.close();
  });

  it('adds the family calendar by its address, says plainly when an address fails, and adds a person’s from a file, in French', async () => {
    const page = await h.open(fr.token, { screen: 'today' });
    await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Plus' }).click();
    await page.getByRole('link', { name: /Calendriers/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendriers' }).waitFor();
    expect(await page.getByRole('link', { name: 'Plus' }).getAttribute('aria-current')).toBe('page');
    await h.shot(page, 'calendars-fr-empty');
    expect(await h.axe(page)).toEqual([]);

    await page.getByRole('button', { name: 'Ajouter un calendrier' }).click();
    await page.getByLabel('Nom').fill('Famille');
    await page.getByLabel('Adresse du calendrier').fill(`${feedUrl}/gone.ics`);
    await page.getByRole('button', { name: 'Ajouter le calendrier' }).click();
    const address = page.locator('.field', { has: page.getByLabel('Adresse du calendrier') });
    await address.getByText('Le site du calendrier a refusé l’adresse').waitFor();
    await h.shot(page, 'calendars-fr-form');
    expect(await h.axe(page)).toEqual([]);
    await page.getByLabel('Adresse du calendrier').fill(`${feedUrl}/family.ics`);
    await page.getByRole('button', { name: 'Ajouter le calendrier' }).click();
    await page.getByRole('status').filter({ hasText: /Famille ajouté\s: \d+ événements?\./ }).waitFor();
    const family = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Famille' }) });
    await family.getByText(/Mis à jour .+ · \d+ événements?/).waitFor();

    await page.getByRole('button', { name: 'Ajouter un calendrier' }).click();
    await page.getByLabel('À qui est ce calendrier').selectOption({ label: 'Camille' });
    await page.getByRole('radio', { name: 'Depuis un fichier' }).check();
    await page.getByLabel('Le fichier .ics').setInputFiles({ name: 'Travail.ics', mimeType: 'text/calendar', buffer: Buffer.from(OUTLOOK) });
    await page.getByRole('button', { name: 'Ajouter le calendrier' }).click();
    const work = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Travail' }) });
    await work.getByText('Camille · Depuis un fichier').waitFor();
    await h.shot(page, 'calendars-fr');
    expect(await h.axe(page)).toEqual([]);

    const stored = (await h.api<{ calendars: { name: string; source: string; profileId: string | null }[] }>('GET', '/api/v1/calendars', fr.token)).calendars;
    expect(stored.map((c) => [c.name, c.source, c.profileId === null]).sort()).toEqual([
      ['Famille', 'url', true],
      ['Travail', 'ics', false],
    ]);
    await work.getByRole('button', { name: 'Retirer' }).click();
    await page.getByRole('status').filter({ hasText: 'Travail retiré.' }).waitFor();
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('works in English', async () => {
    const page = await h.open(en.token, { screen: 'more' });
    await page.getByRole('heading', { level: 1, name: 'More' }).waitFor();
    await h.shot(page, 'more-en');
    expect(await h.axe(page)).toEqual([]);
    await page.getByRole('link', { name: /Calendars/ }).click();
    await page.getByRole('button', { name: 'Add a calendar' }).click();
    await page.getByText('Secret address in iCal format').waitFor();
    await h.shot(page, 'calendars-en-form');
    expect(await h.axe(page)).toEqual([]);
  });
});
