import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { securityHeaders } from '@server/plugins/security-headers';

/** The strict policy of the mirror, the app and the API: same-origin only, never framed, no plugins. */
const STRICT_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";
/** Swagger UI's own static policy (its page needs https: styles and fonts), set by @fastify/swagger-ui. */
const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self' ; script-src-attr 'none'; style-src 'self' https: ; upgrade-insecure-requests;";

/** What @fastify/helmet sent for our options before it was replaced (recorded from it, header for header). */
const EXPECTED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const SECURITY_NAMES = [...Object.keys(EXPECTED), 'content-security-policy', 'strict-transport-security', 'x-powered-by', 'cross-origin-embedder-policy'];

describe('security headers', () => {
  let t: TestApp;
  let auth: { authorization: string };
  beforeAll(async () => {
    t = await buildTestApp();
    auth = (await t.household('Headers')).auth;
  });
  afterAll(async () => t.close());

  const securityOf = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => SECURITY_NAMES.includes(name)));

  it.each([
    ['the mirror page', '/mirror', false, 200, STRICT_CSP],
    ['the app page', '/app', false, 200, STRICT_CSP],
    ['an API read', '/api/v1/household', true, 200, STRICT_CSP],
    ['a refused API read', '/api/v1/household', false, 401, STRICT_CSP],
    ['a bad query', '/api/v1/outfits/today?date=yesterday', true, 400, STRICT_CSP],
    ['an unknown route', '/api/v1/nothing-here', true, 404, STRICT_CSP],
    ['the API docs', '/docs', false, 200, DOCS_CSP],
  ])('%s (%s) carries exactly the expected set', async (_what, url, authed, status, csp) => {
    const res = await t.app.inject({ method: 'GET', url, headers: authed ? auth : {} });
    expect(res.statusCode).toBe(status);
    // No HSTS (the mirror is reached over plain HTTP at home), no X-Powered-By, nothing else added or lost.
    expect(securityOf(res.headers)).toEqual({ ...EXPECTED, 'content-security-policy': csp });
  });

  it('are worked out once, the same as helmet gives for the same options', () => {
    expect(Object.fromEntries(securityHeaders())).toEqual({ ...EXPECTED, 'content-security-policy': STRICT_CSP });
    // A different option changes the set: the values come from helmet, not from a copy of them.
    expect(Object.fromEntries(securityHeaders({ xFrameOptions: { action: 'deny' }, strictTransportSecurity: { maxAge: 60 } }))).toMatchObject({
      'x-frame-options': 'DENY',
      'strict-transport-security': 'max-age=60; includeSubDomains',
    });
  });
});
