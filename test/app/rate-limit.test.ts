import { buildTestApp, type TestApp } from '@test/helpers/build-app';

describe('rate limiting', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ env: { MIROIR_RATE_LIMIT: '3' } });
  });
  afterEach(async () => t.close());

  it('limits each address and answers 429 with the error shape; liveness probes are never limited', async () => {
    const a = await t.household('A');
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // Another address is its own bucket.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth, remoteAddress: '192.0.2.7' })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('throttles token guessing: requests with bad tokens count before authentication, and each fresh guess does not get a fresh bucket', async () => {
    // What an outsider did: a new made-up token on every request, from one address.
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: { authorization: `Bearer mh_guess-${i}` } })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    // The guesser's address is throttled even when it finally holds a real token.
    const a = await t.household('A');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: a.auth, remoteAddress: '198.51.100.4' })).statusCode).toBe(200);
  });
});
