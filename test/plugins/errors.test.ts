import { buildTestApp, type TestApp } from '@test/helpers/build-app';

/** Errors name the field they concern, so a form shows the message beside it. */
describe('error bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  const post = async (url: string, payload: object) => {
    const h = await t.household('Fields');
    return t.app.inject({ method: 'POST', url, headers: h.auth, payload });
  };

  it.each([
    ['a value of the wrong type', '/api/v1/wardrobe/items', { name: 'X', kind: 'tshirt', warmth: 'warm' }, 'warmth'],
    ['a missing field', '/api/v1/wardrobe/items', { kind: 'tshirt' }, 'name'],
    ['an unknown field', '/api/v1/wardrobe/items', { name: 'X', kind: 'tshirt', colour: 'red' }, 'colour'],
    ['a nested field', '/api/v1/supplies', { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'auto', maxPerOrder: -1 } }, 'policy.maxPerOrder'],
  ])('name the field for %s', async (_what, url, payload, field) => {
    const res = await post(url, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), field });
  });

  it('name the field for a service error about one field', async () => {
    const res = await post('/api/v1/wardrobe/items', { name: 'Thing', kind: 'thing' });
    expect(res.json().error).toMatchObject({ code: 'UNKNOWN_KIND', field: 'kind' });
  });

  it('leave it out when the error concerns the whole request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items' });
    expect(res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });
});
