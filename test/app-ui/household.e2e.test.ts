import { AppHarness, DESKTOP, settledValue, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** People and household settings (reached from "More"); a change reaches the app's own header at once. */
describe('the people and settings screens in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
  });
  afterAll(async () => h?.close());

  it('adds two people and renames one, in French', async () => {
    const page = await h.open(fr.token, { screen: 'people' });
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    const add = page.getByRole('form', { name: 'Ajouter une personne' });
    await add.getByRole('button', { name: 'Ajouter' }).click();
    await add.getByText('À remplir.').waitFor();
    await add.getByLabel('Nom').fill('Camille');
    await add.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByRole('status').filter({ hasText: 'Camille ajouté.' }).waitFor();
    await add.getByLabel('Nom').fill('Julien');
    await add.getByLabel('Langue').selectOption({ label: 'Anglais (Royaume-Uni)' });
    await add.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByRole('form', { name: 'Julien' }).waitFor();
    const camille = page.getByRole('form', { name: 'Camille' });
    await camille.getByLabel('Nom').fill('Camille D.');
    await camille.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('form', { name: 'Camille D.' }).waitFor();
    const profiles = (await h.api<{ profiles: { name: string; locale: string }[] }>('GET', '/api/v1/profiles', fr.token)).profiles;
    expect(profiles.map((p) => `${p.name} ${p.locale}`).sort()).toEqual(['Camille D. fr-FR', 'Famille Martin fr-FR', 'Julien en-GB']);
    await h.shot(page, 'people-fr');
    expect(await h.axe(page)).toEqual([]);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('changes the household settings, with errors beside their field, in French', async () => {
    const page = await h.open(fr.token, { screen: 'settings' });
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    await page.getByLabel('Latitude').fill('95');
    await page.getByLabel('De (HH:MM)').fill('23h');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Entre −90 et 90.').waitFor();
    await page.getByText('Au format HH:MM, p. ex. 23:00.').waitFor();
    await h.shot(page, 'settings-fr-errors');
    expect(await h.axe(page)).toEqual([]);
    await page.getByLabel('Nom du foyer').fill('Les Martin');
    await page.getByLabel('Latitude').fill('45,76');
    await page.getByLabel('Longitude').fill('4,84');
    await page.getByLabel('De (HH:MM)').fill('22:30');
    await page.getByRole('switch', { name: 'Mode nuit' }).check();
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByRole('status').filter({ hasText: 'Réglages enregistrés' }).waitFor();
    await page.locator('.brand', { hasText: 'Les Martin' }).waitFor();
    const household = await h.api<{ name: string; latitude: number; longitude: number; settings: { nightMode: { enabled: boolean; start: string } } }>('GET', '/api/v1/household', fr.token);
    expect(household).toMatchObject({ name: 'Les Martin', latitude: 45.76, longitude: 4.84, settings: { nightMode: { enabled: true, start: '22:30' } } });
  });

  it('works in English on a phone and on a desktop', async () => {
    const page = await h.open(en.token, { screen: 'settings' });
    await page.getByLabel('Time zone').waitFor();
    expect(await settledValue(page.getByLabel('Time zone'), 'America/New_York')).toBe('America/New_York');
    await h.shot(page, 'settings-en');
    expect(await h.axe(page)).toEqual([]);
    const people = await h.open(en.token, { screen: 'people', viewport: DESKTOP });
    await people.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await h.shot(people, 'people-en-desktop');
    expect(await h.axe(people)).toEqual([]);
  });
});
