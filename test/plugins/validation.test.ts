import { buildTestApp, type TestApp } from '@test/helpers/build-app';

/** Route validators and serializers compile on first use; `warmUp` compiles the rest, as the server does once listening. */
describe('route validators', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('validates as strictly as before, with the error shape, when compiled on first use', async () => {
    const home = await t.household();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/items', headers: home.auth, payload: { name: 'Coat', category: 'outerwear', kind: 'coat', warmth: '0.6' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('compiles every route schema (validators and serializers) of the whole app without an error', async () => {
    expect(t.app.schemas.remaining).toBeGreaterThan(20);
    // A second caller while it runs (the mirror's start-up reads wait for it) shares the same run.
    const first = t.app.schemas.warmUp();
    expect(t.app.schemas.warmUp()).toBe(first);
    await first;
    expect(t.app.schemas.remaining).toBe(0);
    await t.app.schemas.warmUp();
  });
});
