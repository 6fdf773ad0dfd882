import { buildTestApp, type TestApp } from '@test/helpers/build-app';

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { MIROIR_RATE_LIMIT: '3' } });
  });
  afterAll(async () => t.close());

  it('limits each credential separately and answers 429 with the error shape', async () => {
    const a = await t.household('A');
    const b = await t.household('B');
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: b.auth })).statusCode).toBe(200);
    // Liveness probes are never limited.
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
