import type { Page } from 'playwright-core';
import { demoGarmentInputs } from '@server/wardrobe/demo';
import { AppHarness, DESKTOP, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** The Today screen: each person's outfit, why, what to bring, feedback and swaps, live. */
describe('the today screen in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;

  async function withWardrobe(name: string, locale: 'fr-FR' | 'en-US', second: string): Promise<TestHousehold> {
    const household = await h.household(name, locale, [second]);
    const profiles = (await h.api<{ profiles: { id: string; name: string }[] }>('GET', '/api/v1/profiles', household.token)).profiles;
    await h.server.app.wardrobe.createMany(household.id, demoGarmentInputs(locale, household.profileId, profiles.find((p) => p.name === second)!.id));
    return household;
  }

  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await withWardrobe('Famille Martin', 'fr-FR', 'Camille');
    en = await withWardrobe('The Smiths', 'en-US', 'Sam');
  });
  afterAll(async () => h?.close());

  const firstGarments = (page: Page, person: string) => page.getByRole('article', { name: person }).locator('.outfit-garment-name').allInnerTexts();

  it('shows every person’s outfit for today with the explanation, in French', async () => {
    const page = await h.open(fr.token);
    const camille = page.getByRole('article', { name: 'Camille' });
    await camille.locator('.explanation').waitFor();
    expect(await page.getByRole('article').count()).toBe(2);
    expect(await camille.locator('.explanation').innerText()).toMatch(/ : .+\.$/);
    expect((await firstGarments(page, 'Camille')).length).toBeGreaterThanOrEqual(3);
    await h.shot(page, 'today-fr');
    expect(await h.axe(page)).toEqual([]);

    await page.getByRole('radio', { name: 'Demain' }).check();
    await page.getByText(/mardi 1 décembre/i).waitFor();
    await camille.locator('.explanation').waitFor();
    await h.shot(page, 'today-fr-tomorrow');
    expect(await h.axe(page)).toEqual([]);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('takes feedback in one tap and swaps one garment for the next best', async () => {
    const page = await h.open(fr.token);
    const camille = page.getByRole('article', { name: 'Camille' });
    await camille.locator('.explanation').waitFor();
    await camille.getByRole('button', { name: 'J’aime' }).click();
    await camille.getByRole('status').filter({ hasText: 'Merci, Miroir en tient compte.' }).waitFor();
    expect(await camille.getByRole('button', { name: 'J’aime' }).getAttribute('aria-pressed')).toBe('true');

    const before = await firstGarments(page, 'Camille');
    await camille.getByRole('button', { name: `Un autre à la place de ${before[0]}` }).click();
    await camille.getByRole('status').filter({ hasText: `à la place de ${before[0]}` }).waitFor();
    const after = await firstGarments(page, 'Camille');
    expect(after).not.toContain(before[0]);
    expect(after.filter((n) => before.includes(n)).length).toBeGreaterThanOrEqual(before.length - 2);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('changes the outfit at once when a garment of it goes to the wash (live stream)', async () => {
    const page = await h.open(fr.token);
    const camille = page.getByRole('article', { name: 'Camille' });
    await camille.locator('.explanation').waitFor();
    const before = await firstGarments(page, 'Camille');
    const items = (await h.api<{ items: { id: string; name: string; profileId: string | null }[] }>('GET', '/api/v1/wardrobe/items', fr.token)).items;
    const worn = items.find((g) => g.name === before[0])!;
    await h.api('PATCH', `/api/v1/wardrobe/items/${worn.id}`, fr.token, { available: false });
    await page.waitForFunction((name) => ![...document.querySelectorAll('article')].some((a) => a.textContent?.includes('Camille') && [...a.querySelectorAll('.outfit-garment-name')].some((n) => n.textContent === name)), before[0]);
    expect(await firstGarments(page, 'Camille')).not.toContain(before[0]);
  });

  it('works in English on a phone and on a desktop', async () => {
    const page = await h.open(en.token);
    await page.getByRole('article', { name: 'Sam' }).locator('.explanation').waitFor();
    await page.getByRole('group', { name: 'How is this outfit?' }).first().waitFor();
    await h.shot(page, 'today-en');
    expect(await h.axe(page)).toEqual([]);
    const desktop = await h.open(en.token, { viewport: DESKTOP });
    await desktop.getByRole('article', { name: 'Sam' }).locator('.explanation').waitFor();
    await h.shot(desktop, 'today-en-desktop');
    expect(await h.axe(desktop)).toEqual([]);
  });
});
