import { seedDemoHousehold } from '@server/demo/seed';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

describe('supplies demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('seeds a fridge, a printer and a filter with meaningful forecasts and one proposal waiting', async () => {
    const demo = await seedDemoHousehold(t.app, 'fr-FR');
    const supplies = await t.app.supplies.list(demo.household.id);
    expect(supplies.map((s) => s.name).sort()).toEqual(['Beurre', 'Encre couleur', 'Encre noire', 'Filtre à eau', 'Lait', 'Œufs']);
    for (const s of supplies) {
      expect(s.daysLeft).not.toBeNull();
      expect(s.deviceIds).toHaveLength(1);
    }
    const milk = supplies.find((s) => s.name === 'Lait')!;
    expect(milk.ratePerDay).toBeGreaterThan(0.3);
    expect(milk.ratePerDay).toBeLessThan(0.5);
    const proposals = await t.app.orders.listProposals(demo.household.id);
    expect(proposals.map((p) => p.supplyName)).toEqual(['Encre couleur']);
    expect(await t.app.orders.list(demo.household.id)).toHaveLength(1);
    const devices = await t.app.supplies.listDevices(demo.household.id);
    expect(devices.map((d) => d.kind).sort()).toEqual(['filter', 'fridge', 'printer']);
  });
});
