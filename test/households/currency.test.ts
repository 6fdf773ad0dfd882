import { demoGarmentInputs } from '@server/wardrobe/demo';
import { CURRENCIES, currencyForLocale } from '@server/households/currency';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

describe('currencyForLocale', () => {
  it.each([
    ['en-GB', 'GBP'],
    ['en-CA', 'CAD'],
    ['fr-CA', 'CAD'],
    ['fr-CH', 'CHF'],
    ['en-US', 'USD'],
    ['fr-FR', 'EUR'],
    ['fr-BE', 'EUR'],
    ['en-AU', 'AUD'],
    ['en-IN', 'INR'],
    ['en_GB', 'GBP'],
  ])('%s pays in %s', (locale, currency) => {
    expect(currencyForLocale(locale)).toBe(currency);
    expect(CURRENCIES).toContain(currency);
  });

  it('falls back to EUR without a known region', () => {
    expect(currencyForLocale('fr')).toBe('EUR');
    expect(currencyForLocale('en-ZZ')).toBe('EUR');
  });
});

describeEachStore('household currency and units', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
  });
  afterAll(async () => t.close());

  it('a household created without a currency gets its region’s (en-GB → GBP, en-CA → CAD) and its locale’s units', async () => {
    const gb = await t.app.households.create({ name: 'London', locale: 'en-GB', timezone: 'Europe/London' });
    const ca = await t.app.households.create({ name: 'Montréal', locale: 'fr-CA', timezone: 'America/Toronto' });
    const us = await t.app.households.create({ name: 'Boston', locale: 'en-US', timezone: 'America/New_York' });
    expect([gb, ca, us].map((c) => [c.household.currency, c.household.units])).toEqual([
      ['GBP', 'metric'],
      ['CAD', 'metric'],
      ['USD', 'imperial'],
    ]);
  });

  it('PATCH sets the currency from the list and the units; anything else is a 400 that changes nothing', async () => {
    const h = await t.household('Settings', 'en-US', 'USD');
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: h.auth, payload });
    const ok = await patch({ currency: 'CAD', units: 'metric' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ currency: 'CAD', units: 'metric' });
    for (const bad of [{ currency: 'cad' }, { currency: 'XYZ' }, { units: 'kelvin' }, { currency: 'GBP', units: 'kelvin' }]) {
      const res = await patch(bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: h.auth })).json()).toMatchObject({ currency: 'CAD', units: 'metric' });
  });

  it('the catalogue and new orders follow the household’s currency: an en-GB household is quoted in pounds', async () => {
    const created = await t.app.households.create({ name: 'Leeds', locale: 'en-GB', timezone: 'Europe/London' });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/store/products?q=milk', headers: { authorization: `Bearer ${created.token}` } });
    expect(res.statusCode).toBe(200);
    const products = res.json().products as { currency: string; price: number }[];
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) expect(p.currency).toBe('GBP');
  });

  it('the outfit explanation is written in the household’s chosen units', async () => {
    const h = await t.household('Units', 'en-US', 'USD');
    await t.app.wardrobe.createMany(h.id, demoGarmentInputs('en-US', h.profileId, h.profileId));
    const ask = async () =>
      (await t.app.inject({ method: 'POST', url: '/api/v1/outfits/suggest', headers: h.auth, payload: { date: '2026-12-01', weather: { temperature: 1, apparentTemperature: -2, windSpeed: 2, precipitation: 0, precipitationProbability: 0, weatherType: 'clear' } } })).json().outfits[0].explanation as string;
    expect(await ask()).toMatch(/°F/);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: h.auth, payload: { units: 'metric' } });
    const metric = await ask();
    expect(metric).toMatch(/°C/);
    expect(metric).not.toMatch(/°F/);
  });
});
