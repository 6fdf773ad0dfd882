import { KINDS, KNOWN_KINDS } from '@server/wardrobe/kinds';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

describe('GET /api/v1/wardrobe/kinds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('lists every known kind with the defaults a new garment gets', async () => {
    const h = await t.household('Kinds');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/kinds', headers: h.auth });
    expect(res.statusCode).toBe(200);
    const { kinds } = res.json() as { kinds: { kind: string; category: string; warmth: number; formality: string; waterproof: boolean }[] };
    expect(kinds.map((k) => k.kind)).toEqual(KNOWN_KINDS);
    expect(kinds.find((k) => k.kind === 'trench')).toEqual({ kind: 'trench', category: 'outerwear', warmth: KINDS.trench.clo, formality: 'smart', waterproof: true });
  });

  it('needs a household token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/kinds' });
    expect(res.statusCode).toBe(401);
  });
});
