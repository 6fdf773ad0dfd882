import { buildTestApp, type TestApp } from '@test/helpers/build-app';

type Household = Awaited<ReturnType<TestApp['household']>>;

/** POST /api/v1/outfits/swap: one garment changed for the next best, the rest of the outfit kept. */
describe('swapping one garment of an outfit', () => {
  let t: TestApp;
  let h: Household;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp();
    h = await t.household('Swap', 'fr-FR');
    for (const [name, kind] of [
      ['Pull marine', 'sweater'],
      ['Pull gris', 'sweater'],
      ['T-shirt blanc', 'tshirt'],
      ['Jean', 'jeans'],
      ['Chino', 'chinos'],
      ['Baskets', 'sneakers'],
      ['Manteau', 'coat'],
      ['Écharpe', 'scarf'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/items', headers: h.auth, payload: { name, kind, colors: ['navy'] } });
      ids[name] = res.json().id;
    }
  });
  afterAll(async () => t.close());

  const swap = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/outfits/swap', headers: h.auth, payload });

  it('keeps the rest and brings the next best garment of the same category', async () => {
    const current = [ids['T-shirt blanc'], ids['Pull marine'], ids.Jean, ids.Baskets, ids.Manteau];
    const res = await swap({ garmentIds: current, replace: ids.Jean, date: '2026-11-30' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.replaced).toBe(ids.Jean);
    expect(body.added).toEqual([ids.Chino]);
    expect(body.garmentIds).toEqual(expect.arrayContaining([ids.Chino, ids['T-shirt blanc'], ids.Baskets]));
    expect(body.garmentIds).not.toContain(ids.Jean);
    expect(body.explanation).toMatch(/ : .+\.$/);
  });

  it('still swaps a garment that went to the wash meanwhile', async () => {
    await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${ids['Pull marine']}`, headers: h.auth, payload: { available: false } });
    const res = await swap({ garmentIds: [ids['T-shirt blanc'], ids['Pull marine'], ids.Jean, ids.Baskets], replace: ids['Pull marine'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().garmentIds).not.toContain(ids['Pull marine']);
    expect(res.json().added).toEqual([ids['Pull gris']]);
  });

  it('answers 409 NO_ALTERNATIVE, naming the field, when nothing else fits', async () => {
    const res = await swap({ garmentIds: [ids['T-shirt blanc'], ids.Jean, ids.Baskets], replace: ids.Baskets });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'NO_ALTERNATIVE', field: 'replace', message: expect.stringContaining('Aucun autre vêtement') });
  });

  it('is a 404 for a garment of another household', async () => {
    const other = await t.household('Other');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/outfits/swap', headers: other.auth, payload: { garmentIds: [ids.Jean], replace: ids.Jean } });
    expect(res.statusCode).toBe(404);
  });
});
