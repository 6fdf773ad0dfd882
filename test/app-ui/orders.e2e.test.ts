import type { Supply } from '@server/supplies/types';
import { AppHarness, DESKTOP, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** The orders screen: a proposal approved, its stage, cancelled inside the window; months against caps. */
describe('the orders screen in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;

  /** A supply on an `ask` policy whose device reports it low: the server proposes a reorder. */
  async function lowMilk(household: TestHousehold, name: string): Promise<Supply> {
    const supply = await h.api<Supply>('POST', '/api/v1/supplies', household.token, { name, unit: 'L', capacity: 6, level: 6, reorderPoint: 1.5, sku: 'milk-6x1l', policy: { mode: 'ask', maxPerOrder: 10, maxPerMonth: 30 } });
    const device = await h.api<{ id: string; token: string }>('POST', '/api/v1/devices', household.token, { name: 'Frigo', kind: 'fridge', supplyIds: [supply.id] });
    await h.api('POST', `/api/v1/devices/${device.id}/telemetry`, device.token, { readings: [{ id: `low-${supply.id}`, supplyId: supply.id, level: 1, unit: 'L', at: h.clock.now().toISOString() }] });
    return supply;
  }

  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
    await lowMilk(fr, 'Lait');
    await lowMilk(en, 'Milk');
  });
  afterAll(async () => h?.close());

  it('approves a proposal, shows its stage and cancels it inside the window, in French', async () => {
    const page = await h.open(fr.token, { screen: 'orders' });
    const proposals = page.getByRole('region', { name: 'En attente de votre accord' });
    const proposal = proposals.getByRole('listitem').filter({ hasText: 'Lait' });
    await proposal.getByText('1 × Lait · 6,50 €').waitFor();
    await proposal.getByText('La règle dit de demander d’abord.').waitFor();
    await h.shot(page, 'orders-fr-proposal');
    expect(await h.axe(page)).toEqual([]);
    await proposal.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('status').filter({ hasText: 'Lait : approuvée.' }).waitFor();

    const underWay = page.getByRole('region', { name: 'En cours' });
    const order = underWay.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '1 × Lait · 6,50 €' }) });
    await order.getByText(/part .+\s; annulable jusque-là/).waitFor();
    await page.getByText('Lait ce mois-ci : 6,50 € sur 30,00 €').waitFor();
    await h.shot(page, 'orders-fr-underway');
    expect(await h.axe(page)).toEqual([]);
    await order.getByRole('button', { name: 'Annuler la commande' }).click();
    await page.getByRole('status').filter({ hasText: 'Lait : commande annulée.' }).waitFor();
    const history = page.locator('section', { has: page.getByRole('heading', { name: 'Historique' }) });
    await history.getByText('1 × Lait · 6,50 €').waitFor();
    await history.getByText(/^Annulée · /).waitFor();
    const orders = await h.api<{ orders: { status: string }[] }>('GET', '/api/v1/orders', fr.token);
    expect(orders.orders.map((o) => o.status)).toEqual(['cancelled']);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('works in English on a phone and on a desktop, a declined proposal leaving nothing under way', async () => {
    const page = await h.open(en.token, { screen: 'orders' });
    const proposal = page.getByRole('region', { name: 'Waiting for your approval' }).getByRole('listitem').filter({ hasText: 'Milk' });
    await proposal.getByText('1 × Milk · €6.50').waitFor();
    await h.shot(page, 'orders-en');
    expect(await h.axe(page)).toEqual([]);
    await proposal.getByRole('button', { name: 'Decline' }).click();
    await page.getByText('No order is waiting for approval.').waitFor();
    await page.getByText('No order under way.').waitFor();
    const desktop = await h.open(en.token, { screen: 'orders', viewport: DESKTOP });
    await desktop.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    await h.shot(desktop, 'orders-en-desktop');
    expect(await h.axe(desktop)).toEqual([]);
  });
});
