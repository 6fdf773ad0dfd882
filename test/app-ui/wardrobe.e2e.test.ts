import type { Page } from 'playwright-core';
import type { Garment } from '@server/wardrobe/service';
import { garmentPhoto, type Rgb } from './support/png';
import { AppHarness, DESKTOP, settledValue, type TestHousehold } from './support/harness';

const NAVY: Rgb = [31, 42, 68];
const RED: Rgb = [190, 38, 40];
const BEIGE: Rgb = [214, 192, 160];

/** The wardrobe screen, driven by role and label as a person finds things. */
jest.setTimeout(90_000);

describe('the wardrobe screen in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR', ['Camille']);
    en = await h.household('The Smiths', 'en-US', ['Sam']);
  });
  afterAll(async () => h?.close());

  const items = async (token: string) => (await h.api<{ items: Garment[] }>('GET', '/api/v1/wardrobe/items', token)).items;

  async function addGarment(page: Page, photo: Buffer, category: string, kind: string, expectedColors: string[]): Promise<void> {
    await page.getByRole('button', { name: /Ajouter un vêtement|Add a garment/ }).click();
    await page.getByLabel(/Prendre ou choisir une photo|Take or choose a photo/).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    await page.locator('img.photo-preview').waitFor();
    for (const color of expectedColors) expect(await page.getByRole('checkbox', { name: color, exact: true }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: category, exact: true }).check();
    await page.getByRole('radio', { name: kind, exact: true }).check();
  }

  it('adds garments from photos in French: colours proposed, kind by pictogram, warmth and formality filled in', async () => {
    const page = await h.open(fr.token, { screen: 'wardrobe' });
    await page.getByRole('heading', { level: 1, name: 'Garde-robe' }).waitFor();
    await h.shot(page, 'wardrobe-fr-empty');
    expect(await h.axe(page)).toEqual([]);

    await addGarment(page, garmentPhoto(NAVY), 'Hauts', 'Pull', ['marine']);
    // Filled from the kinds table, editable.
    expect(await settledValue(page.getByLabel('Chaleur (clo)'), '0,36')).toBe('0,36');
    expect(await settledValue(page.getByLabel('Style'), 'casual')).toBe('casual');
    expect(await settledValue(page.getByLabel('Nom'), 'Pull marine')).toBe('Pull marine');
    await page.getByLabel('À qui est-ce').selectOption({ label: 'Camille' });
    await h.shot(page, 'wardrobe-fr-form');
    expect(await h.axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ajouter le vêtement' }).click();
    await page.getByRole('status').filter({ hasText: 'Pull marine ajouté.' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Pull marine' }).waitFor();
    // The photo went up shrunk (long side 1280 at most) and shows from an object URL.
    await page.locator('.garment-card img').first().waitFor();

    await addGarment(page, garmentPhoto(RED, 700, NAVY), 'Bas', 'Jean', ['rouge', 'marine']);
    await page.getByLabel('Chaleur (clo)').fill('0,3');
    await page.getByRole('button', { name: 'Ajouter le vêtement' }).click();
    await page.getByRole('heading', { level: 3, name: 'Jean rouge' }).waitFor();

    const stored = await items(fr.token);
    const sweater = stored.find((g) => g.name === 'Pull marine');
    expect(sweater).toMatchObject({ kind: 'sweater', category: 'top', warmth: 0.36, formality: 'casual', colors: ['navy'], photoUrl: expect.any(String) });
    expect(stored.find((g) => g.name === 'Jean rouge')).toMatchObject({ kind: 'jeans', warmth: 0.3, colors: ['red', 'navy'], profileId: null });
    await h.shot(page, 'wardrobe-fr-grid');
    expect(await h.axe(page)).toEqual([]);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('shows what is missing next to the field, and keeps the form when the network drops', async () => {
    const page = await h.open(fr.token, { screen: 'wardrobe' });
    await page.getByRole('button', { name: 'Ajouter un vêtement' }).click();
    await page.getByRole('button', { name: 'Ajouter le vêtement' }).click();
    const kindGroup = page.getByRole('group', { name: 'Type', exact: true });
    await kindGroup.getByText('Choisissez un type.').waitFor();
    await page.getByText('À remplir.').waitFor();
    expect(await page.getByLabel('Nom').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('radio', { name: 'Chaussures', exact: true }).check();
    await page.getByRole('radio', { name: 'Bottes', exact: true }).check();
    await page.getByText('Plus de couleurs').click();
    await page.getByRole('checkbox', { name: 'marron', exact: true }).check();
    await page.getByLabel('Chaleur (clo)').fill('7');
    await page.getByRole('button', { name: 'Ajouter le vêtement' }).click();
    await page.getByText('Entre 0 et 3.').waitFor();
    await page.getByLabel('Chaleur (clo)').fill('0.1');

    // The network drops while saving: the person is told, nothing is lost, nothing is doubled.
    await page.route('**/api/v1/wardrobe/items', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('button', { name: 'Ajouter le vêtement' }).click();
    await page.getByText('Miroir est injoignable. Rien n’est perdu').waitFor();
    expect(await settledValue(page.getByLabel('Nom'), 'Bottes marron')).toBe('Bottes marron');
    await h.shot(page, 'wardrobe-fr-errors');
    expect(await h.axe(page)).toEqual([]);
    await page.unroute('**/api/v1/wardrobe/items');
    await page.getByRole('button', { name: 'Ajouter le vêtement' }).dblclick();
    await page.getByRole('heading', { level: 3, name: 'Bottes marron' }).waitFor();
    expect((await items(fr.token)).filter((g) => g.name === 'Bottes marron')).toHaveLength(1);
  });

  it('filters, sends to the wash and back, notes "worn today", edits and deletes in one tap each', async () => {
    const page = await h.open(fr.token, { screen: 'wardrobe' });
    await page.getByRole('heading', { level: 3, name: 'Pull marine' }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Pull marine' }) });
    await card.getByRole('button', { name: 'Mettre au lavage' }).click();
    await page.getByRole('status').filter({ hasText: 'Pull marine est au lavage.' }).waitFor();
    await card.getByText('Au lavage', { exact: true }).waitFor();
    expect((await items(fr.token)).find((g) => g.name === 'Pull marine')?.available).toBe(false);

    await page.getByLabel('État').selectOption({ label: 'Au lavage' });
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Pull marine']);
    await page.getByLabel('État').selectOption({ label: 'Propre' });
    await page.getByLabel('Catégorie', { exact: true }).selectOption({ label: 'Bas' });
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Jean rouge']);
    await page.getByLabel('Catégorie', { exact: true }).selectOption({ label: 'Toutes' });
    await page.getByLabel('État').selectOption({ label: 'Tout' });

    await card.getByRole('button', { name: 'Sortir du lavage' }).click();
    await page.getByRole('status').filter({ hasText: 'Pull marine est de nouveau propre.' }).waitFor();
    await card.getByRole('button', { name: 'Porté aujourd’hui' }).click();
    await page.getByRole('status').filter({ hasText: 'porté aujourd’hui, c’est noté' }).waitFor();
    const worn = await h.api<{ worn: { garmentId: string }[] }>('GET', '/api/v1/wardrobe/worn?from=2026-11-30&to=2026-11-30', fr.token);
    expect(worn.worn.length).toBe(1);

    const jeans = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Jean rouge' }) });
    await jeans.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('heading', { name: 'Modifier Jean rouge' }).waitFor();
    await page.getByLabel('Nom').fill('Jean brut');
    await page.getByLabel('Style').selectOption({ label: 'Habillé' });
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('heading', { level: 3, name: 'Jean brut' }).waitFor();
    expect((await items(fr.token)).find((g) => g.name === 'Jean brut')?.formality).toBe('smart');

    const boots = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Bottes marron' }) });
    await boots.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('button', { name: 'Supprimer ce vêtement' }).click();
    await page.getByText('Supprimer Bottes marron définitivement ?').waitFor();
    await page.getByRole('button', { name: 'Supprimer ce vêtement' }).click();
    await page.getByRole('status').filter({ hasText: 'Bottes marron supprimé.' }).waitFor();
    expect((await items(fr.token)).some((g) => g.name === 'Bottes marron')).toBe(false);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('works in English on a phone and on a desktop, a person filter showing their own and the shared pieces', async () => {
    const sam = (await h.api<{ profiles: { id: string; name: string }[] }>('GET', '/api/v1/profiles', en.token)).profiles.find((p) => p.name === 'Sam')!;
    await h.api('POST', '/api/v1/wardrobe/items', en.token, { name: 'Beige trench', kind: 'trench', colors: ['beige'], profileId: sam.id });
    await h.api('POST', '/api/v1/wardrobe/items', en.token, { name: 'Umbrella', kind: 'umbrella', colors: ['black'] });
    await h.api('POST', '/api/v1/wardrobe/items', en.token, { name: 'Grey hoodie', kind: 'hoodie', colors: ['grey'], profileId: en.profileId });
    const page = await h.open(en.token, { screen: 'wardrobe' });
    await page.getByRole('heading', { level: 3, name: 'Beige trench' }).waitFor();
    await page.getByLabel('Whose').selectOption({ label: 'Sam' });
    expect((await page.getByRole('heading', { level: 3 }).allInnerTexts()).sort()).toEqual(['Beige trench', 'Umbrella']);
    await page.getByLabel('Whose').selectOption({ label: 'Everyone' });
    await h.shot(page, 'wardrobe-en-grid');
    expect(await h.axe(page)).toEqual([]);

    await addGarment(page, garmentPhoto(BEIGE), 'Coats and jackets', 'Raincoat', ['beige']);
    expect(await page.getByLabel('Waterproof').isChecked()).toBe(true);
    expect(await settledValue(page.getByLabel('Name'), 'Beige raincoat')).toBe('Beige raincoat');
    await h.shot(page, 'wardrobe-en-form');
    expect(await h.axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();

    const desktop = await h.open(en.token, { screen: 'wardrobe', viewport: DESKTOP });
    await desktop.getByRole('heading', { level: 3, name: 'Beige trench' }).waitFor();
    await h.shot(desktop, 'wardrobe-en-desktop');
    expect(await h.axe(desktop)).toEqual([]);
    expect(h.problemsOf(page)).toEqual([]);
  });
});
