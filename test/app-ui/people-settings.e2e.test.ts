import { demoGarmentInputs } from '@server/wardrobe/demo';
import type { Supply } from '@server/supplies/types';
import { AppHarness, settledValue, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** People (comfort, Alexa voice profile, removal naming what goes) and the household's units and currency. */
describe('people and household settings, part two, in Chromium at 390×844', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let julien: string;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    julien = (await h.api<{ id: string }>('POST', '/api/v1/profiles', fr.token, { name: 'Julien' })).id;
    await h.server.app.wardrobe.createMany(fr.id, demoGarmentInputs('fr-FR', fr.profileId, julien));
  });
  afterAll(async () => h?.close());

  it('sets comfort and the Alexa voice profile, refuses a voice taken beside its field, removes a person naming what goes (fr)', async () => {
    const own = (await h.api<{ items: { profileId: string | null }[] }>('GET', `/api/v1/wardrobe/items?profile=${julien}`, fr.token)).items.filter((g) => g.profileId === julien).length;
    const page = await h.open(fr.token, { screen: 'people', locale: 'fr-FR' });
    const camille = page.getByRole('form', { name: 'Famille Martin' });
    const jul = page.getByRole('form', { name: 'Julien' });
    await jul.getByLabel('Confort').selectOption({ label: 'J’ai vite froid' });
    await jul.getByRole('button', { name: 'Enregistrer' }).click();
    await jul.getByRole('status').filter({ hasText: 'Julien : enregistré.' }).waitFor();
    await camille.getByLabel('Associer le profil vocal Alexa').fill('amzn1.ask.person.CAMILLE');
    await camille.getByRole('button', { name: 'Enregistrer' }).click();
    await camille.getByRole('status').filter({ hasText: 'enregistré' }).waitFor();
    await jul.getByLabel('Associer le profil vocal Alexa').fill('amzn1.ask.person.CAMILLE');
    await jul.getByRole('button', { name: 'Enregistrer' }).click();
    await jul.getByText('Ce profil vocal est déjà associé à une autre personne.').waitFor();
    // The form keeps what was typed.
    expect(await jul.getByLabel('Associer le profil vocal Alexa').inputValue()).toBe('amzn1.ask.person.CAMILLE');
    await h.shot(page, 'people-fr-voice-taken');
    expect(await h.axe(page)).toEqual([]);
    const profiles = (await h.api<{ profiles: { name: string; comfort: string; voicePersonId: string | null }[] }>('GET', '/api/v1/profiles', fr.token)).profiles;
    expect(profiles.map((p) => [p.name, p.comfort, p.voicePersonId])).toEqual([
      ['Famille Martin', 'neutral', 'amzn1.ask.person.CAMILLE'],
      ['Julien', 'cold', null],
    ]);

    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Julien', exact: true }) });
    await row.getByRole('button', { name: 'Retirer Julien…' }).click();
    const confirm = row.getByRole('group', { name: 'Retirer Julien ?' });
    await confirm.getByText(`Cela supprime ${own} vêtements de cette personne. C’est définitif.`).waitFor();
    await h.shot(page, 'people-fr-remove');
    expect(await h.axe(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Retirer Julien et ses données' }).click();
    await page.getByRole('status').filter({ hasText: 'Julien ne fait plus partie du foyer.' }).waitFor();
    await page.getByText('La dernière personne du foyer ne peut pas être retirée', { exact: false }).waitFor();
    expect((await h.api<{ items: unknown[] }>('GET', '/api/v1/wardrobe/items', fr.token)).items.length).toBeGreaterThan(0);
    expect((await h.api<{ profiles: unknown[] }>('GET', '/api/v1/profiles', fr.token)).profiles).toHaveLength(1);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('an en-GB household is in pounds by default, sees £ in its orders, and switches to imperial units (en)', async () => {
    const gb = await h.household('The Walkers', 'en-GB', [], 'GBP');
    const byDefault = await h.server.app.households.create({ name: 'Defaulted', locale: 'en-GB', timezone: 'Europe/London' });
    expect(byDefault.household.currency).toBe('GBP');
    const supply = await h.api<Supply>('POST', '/api/v1/supplies', gb.token, { name: 'Milk', unit: 'L', capacity: 6, level: 6, reorderPoint: 1.5, sku: 'milk-6x1l', policy: { mode: 'notify' } });
    await h.api('POST', '/api/v1/orders', gb.token, { supplyId: supply.id });

    const page = await h.open(gb.token, { screen: 'settings', locale: 'en-GB' });
    expect(await settledValue(page.getByLabel('Currency'), 'GBP')).toBe('GBP');
    await page.getByText('Supply caps keep their amounts when the currency changes: nothing is converted, so check them.').waitFor();
    expect(await page.getByRole('radio', { name: 'Metric (°C, km/h, mm)' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Imperial (°F, mph, in)' }).check();
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    expect(await h.api('GET', '/api/v1/household', gb.token)).toMatchObject({ currency: 'GBP', units: 'imperial' });
    await h.shot(page, 'settings-en-gb-units');
    expect(await h.axe(page)).toEqual([]);

    await page.evaluate(() => (window.location.hash = '#/orders'));
    await page.getByText(/1 × Milk · £5\.60/).first().waitFor();
    await h.shot(page, 'orders-en-gb-pounds');
    expect(await h.axe(page)).toEqual([]);
    expect(h.problemsOf(page)).toEqual([]);
  });
});
