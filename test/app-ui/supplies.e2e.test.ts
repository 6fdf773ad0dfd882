import type { Supply } from '@server/supplies/types';
import { AppHarness, DESKTOP, settledValue, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** The supplies screen: levels, days left, the level chart, the manual level, adding from the catalogue. */
describe('the supplies screen in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
  });
  afterAll(async () => h?.close());

  const supplies = async (token: string) => (await h.api<{ supplies: Supply[] }>('GET', '/api/v1/supplies', token)).supplies;

  /** A device reporting a steady use over ten days, so the chart has a history and a forecast. */
  async function feed(token: string, supply: Supply, from: number, perDay: number): Promise<void> {
    const device = await h.api<{ id: string; token: string }>('POST', '/api/v1/devices', token, { name: 'Frigo', kind: 'fridge', supplyIds: [supply.id] });
    const now = h.clock.now().getTime();
    const readings = Array.from({ length: 41 }, (_, i) => ({ id: `r-${supply.id}-${i}`, supplyId: supply.id, level: Math.round((from - (perDay * i) / 4) * 100) / 100, unit: supply.unit, at: new Date(now - (40 - i) * 6 * 3_600_000).toISOString() }));
    await h.api('POST', `/api/v1/devices/${device.id}/telemetry`, device.token, { readings });
  }

  it('adds a supply from the catalogue with an ask policy and a cap, each mode explained, in French', async () => {
    const page = await h.open(fr.token, { screen: 'supplies' });
    await page.getByText('Aucune réserve pour l’instant.').waitFor();
    await h.shot(page, 'supplies-fr-empty');
    expect(await h.axe(page)).toEqual([]);

    await page.getByRole('button', { name: 'Ajouter une réserve' }).click();
    await page.getByRole('searchbox', { name: 'Chercher dans le magasin' }).fill('lait');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('radio', { name: /Lait demi-écrémé 6 × 1 L/ }).check();
    expect(await settledValue(page.getByLabel('Nom'), 'Lait demi-écrémé 6 × 1 L')).toBe('Lait demi-écrémé 6 × 1 L');
    expect(await settledValue(page.getByLabel('Capacité'), '6')).toBe('6');
    await page.getByLabel('Nom').fill('Lait');
    // Each policy is explained in one sentence as it is picked.
    await page.getByRole('radio', { name: 'Prévenir' }).check();
    await page.getByText('Prévenir : Miroir vous dit seulement que ça baisse').waitFor();
    await page.getByRole('radio', { name: 'Automatique' }).check();
    await page.getByText('Automatique : Miroir commande seul, jamais au-delà de vos plafonds').waitFor();
    await page.getByRole('button', { name: 'Ajouter la réserve' }).click();
    await page.getByText('Les commandes automatiques demandent au moins un plafond.').waitFor();
    expect(await page.getByLabel('Plafond par commande').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('radio', { name: 'Demander' }).check();
    await page.getByLabel('Plafond par commande').fill('10');
    await page.getByLabel('Plafond par mois').fill('30');
    // A value only the server refuses comes back beside its field, in French.
    await page.getByLabel('Capacité').fill('2000000');
    await page.getByRole('button', { name: 'Ajouter la réserve' }).click();
    const capacity = page.locator('.field', { has: page.getByLabel('Capacité') });
    await capacity.getByText('Vérifiez cette valeur.').waitFor();
    await h.shot(page, 'supplies-fr-form');
    expect(await h.axe(page)).toEqual([]);

    await page.getByLabel('Capacité').fill('6');
    await page.getByRole('button', { name: 'Ajouter la réserve' }).click();
    await page.getByRole('status').filter({ hasText: 'Lait ajouté.' }).waitFor();
    const [milk] = await supplies(fr.token);
    expect(milk).toMatchObject({ name: 'Lait', unit: 'L', capacity: 6, sku: 'milk-6x1l', reorderPoint: 1.5, policy: { mode: 'ask', maxPerOrder: 10, maxPerMonth: 30, cancelWindowHours: 24 } });
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('shows the level, days left and a real chart with the forecast, and takes "I opened a new pack"', async () => {
    const [milk] = await supplies(fr.token);
    await feed(fr.token, milk, 6, 0.4);
    const page = await h.open(fr.token, { screen: 'supplies' });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Lait' }) });
    await card.getByText(/environ \d+ jours restants/).waitFor();
    await card.getByRole('button', { name: 'Graphique et niveau' }).click();
    const chart = card.getByRole('img', { name: /Lait : \d+ relevés ; à ce rythme, épuisé le/ });
    await chart.waitFor();
    expect(await chart.locator('canvas').count()).toBe(1);
    await card.getByText('Seuil de commande').waitFor();
    await h.shot(page, 'supplies-fr-chart');
    expect(await h.axe(page)).toEqual([]);

    await card.getByLabel('Niveau actuel (L)').fill('9');
    await card.getByRole('button', { name: 'Régler le niveau' }).click();
    await card.getByText('Entre 0 et 6 L.').waitFor();
    await card.getByLabel('Niveau actuel (L)').fill('3,5');
    await card.getByRole('button', { name: 'Régler le niveau' }).click();
    await page.getByRole('status').filter({ hasText: 'Lait : niveau réglé à 3,5 L.' }).waitFor();
    expect((await supplies(fr.token))[0].level).toBe(3.5);

    await card.getByRole('button', { name: 'J’ai ouvert un nouveau paquet' }).click();
    await page.getByRole('status').filter({ hasText: 'Lait : de nouveau plein.' }).waitFor();
    expect((await supplies(fr.token))[0].level).toBe(6);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('adds a device, shows its token once with the HTTP address and MQTT topic, and takes a reading sent with that token', async () => {
    const page = await h.open(fr.token, { screen: 'supplies' });
    const devices = page.getByRole('region', { name: 'Appareils' });
    await devices.getByRole('button', { name: 'Ajouter un appareil' }).click();
    await devices.getByLabel('Nom').fill('Frigo cuisine');
    await devices.getByLabel('Type').fill('frigo');
    await devices.getByRole('checkbox', { name: 'Lait' }).check();
    await devices.getByRole('button', { name: 'Ajouter l’appareil' }).click();
    await page.getByText('Frigo cuisine est ajouté.').waitFor();
    const values = await page.locator('.device-created code').allInnerTexts();
    const [token, httpUrl, topic] = values;
    expect(token).toMatch(/\S{20,}/);
    expect(httpUrl).toMatch(new RegExp(`^${h.url}/api/v1/devices/[\\w-]+/telemetry$`));
    expect(topic).toMatch(new RegExp(`^miroir/${fr.id}/devices/[\\w-]+/telemetry$`));
    for (const what of ['Jeton de l’appareil', 'Adresse HTTP', 'Sujet MQTT']) await page.getByRole('img', { name: `Code QR : ${what}` }).waitFor();
    await h.shot(page, 'supplies-fr-device');
    expect(await h.axe(page)).toEqual([]);

    const [milk] = await supplies(fr.token);
    const res = await fetch(httpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ readings: [{ id: 'from-the-app', supplyId: milk.id, level: 2.5, unit: 'L', at: h.clock.now().toISOString() }] }),
    });
    expect(res.status).toBe(200);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Lait', exact: true }) });
    await card.getByText('2,5 L').waitFor();
    await page.getByRole('button', { name: 'C’est fait, je l’ai copié' }).click();
    const fridge = devices.getByRole('listitem').filter({ hasText: 'Frigo cuisine' });
    await fridge.getByText(/dernier relevé/).waitFor();
    await fridge.getByRole('button', { name: 'Révoquer' }).click();
    await fridge.getByRole('button', { name: /Touchez de nouveau pour révoquer/ }).click();
    await fridge.waitFor({ state: 'detached' });
    const refused = await fetch(httpUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ readings: [{ id: 'after', supplyId: milk.id, level: 2, unit: 'L', at: h.clock.now().toISOString() }] }) });
    expect(refused.status).toBe(401);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('works in English on a phone and on a desktop', async () => {
    const created = await h.api<Supply>('POST', '/api/v1/supplies', en.token, { name: 'Black ink', unit: 'cartridge', capacity: 1, level: 0.8, sku: 'ink-black-xl', policy: { mode: 'notify' } });
    await feed(en.token, created, 0.9, 0.02);
    const page = await h.open(en.token, { screen: 'supplies' });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Black ink' }) });
    await card.getByText('Miroir tells you when it gets below').waitFor();
    await card.getByRole('button', { name: 'Chart and level' }).click();
    await card.getByRole('img', { name: /Black ink: \d+ readings/ }).waitFor();
    await h.shot(page, 'supplies-en-chart');
    expect(await h.axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add a supply' }).click();
    await page.getByRole('radio', { name: 'Ask' }).check();
    await h.shot(page, 'supplies-en-form');
    expect(await h.axe(page)).toEqual([]);

    const desktop = await h.open(en.token, { screen: 'supplies', viewport: DESKTOP });
    const wide = desktop.getByRole('listitem').filter({ has: desktop.getByRole('heading', { name: 'Black ink' }) });
    await wide.getByRole('button', { name: 'Chart and level' }).click();
    await wide.locator('canvas').waitFor();
    await h.shot(desktop, 'supplies-en-desktop');
    expect(await h.axe(desktop)).toEqual([]);
  });
});
