import { AlexaRequestVerifier, checkCertUrl } from '@skills/alexa/verify';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { launchRequest, SKILL_ID } from '../helpers/alexa-envelopes';
import { CERT_URL, makeTestChain, signatureOf, type TestChain } from '../helpers/certs';

/** Every refusal Amazon requires, through the real POST /alexa with a locally generated chain. */
describe('Alexa request verification', () => {
  let chain: TestChain;
  let t: TestApp;
  let fetches: string[];

  beforeAll(async () => {
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID } });
    chain = await makeTestChain({ at: t.clock.now() });
    fetches = [];
    t.app.skills.alexa.verifier = new AlexaRequestVerifier({
      clock: t.clock,
      trustedRoots: [chain.rootPem],
      fetchCertChain: async (url) => {
        fetches.push(url);
        return url.includes('foreign') ? chain.foreignChainPem : chain.chainPem;
      },
    });
  });
  afterAll(async () => t.close());

  const now = (): string => t.clock.now().toISOString();

  async function post(body: string, headers: Record<string, string>) {
    return t.app.inject({ method: 'POST', url: '/alexa', payload: body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
  }

  function signed(envelope: object, options: { url?: string; key?: string } = {}): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(envelope);
    return { body, headers: { signaturecertchainurl: options.url ?? CERT_URL, 'signature-256': signatureOf(body, options.key ?? chain.leafKeyPem) } };
  }

  it('answers a correctly signed, fresh request for this skill', async () => {
    const { body, headers } = signed(launchRequest({ timestamp: now() }));
    const res = await post(body, headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().response.outputSpeech.ssml).toContain('not linked');
  });

  it('refuses a tampered body', async () => {
    const { body, headers } = signed(launchRequest({ timestamp: now() }));
    const res = await post(body.replace('"en-US"', '"fr-FR"'), headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_REQUEST');
  });

  it('refuses a timestamp older than 150 seconds, and one from the future', async () => {
    const old = signed(launchRequest({ timestamp: new Date(t.clock.now().getTime() - 151_000).toISOString() }));
    expect((await post(old.body, old.headers)).statusCode).toBe(400);
    const ahead = signed(launchRequest({ timestamp: new Date(t.clock.now().getTime() + 151_000).toISOString() }));
    expect((await post(ahead.body, ahead.headers)).statusCode).toBe(400);
    const edge = signed(launchRequest({ timestamp: new Date(t.clock.now().getTime() - 149_000).toISOString() }));
    expect((await post(edge.body, edge.headers)).statusCode).toBe(200);
  });

  it.each([
    ['http scheme', 'http://s3.amazonaws.com/echo.api/echo-api-cert.pem'],
    ['another host', 'https://notamazon.com/echo.api/echo-api-cert.pem'],
    ['a path off /echo.api/', 'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem'],
    ['a path escaping /echo.api/', 'https://s3.amazonaws.com/echo.api/../invalid.pem'],
    ['another port', 'https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem'],
  ])('refuses a certificate URL with %s before fetching it', async (_what, url) => {
    const before = fetches.length;
    const { body, headers } = signed(launchRequest({ timestamp: now() }), { url });
    expect((await post(body, headers)).statusCode).toBe(400);
    expect(fetches.length).toBe(before);
  });

  it('accepts the URL forms Amazon documents as valid', () => {
    expect(() => checkCertUrl('https://s3.amazonaws.com/echo.api/echo-api-cert.pem')).not.toThrow();
    expect(() => checkCertUrl('https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem')).not.toThrow();
    expect(() => checkCertUrl('https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem')).not.toThrow();
    expect(() => checkCertUrl('HTTPS://s3.AmazonAWS.com/echo.api/echo-api-cert.pem')).not.toThrow();
  });

  it('refuses a request with only the SHA-1 Signature header', async () => {
    const body = JSON.stringify(launchRequest({ timestamp: now() }));
    const res = await post(body, { signaturecertchainurl: CERT_URL, signature: signatureOf(body, chain.leafKeyPem, 'sha1') });
    expect(res.statusCode).toBe(400);
  });

  it('refuses a foreign application id even when correctly signed', async () => {
    const { body, headers } = signed(launchRequest({ timestamp: now(), applicationId: 'amzn1.ask.skill.someone-else' }));
    expect((await post(body, headers)).statusCode).toBe(400);
  });

  it('refuses a chain whose leaf is not for echo-api.amazon.com', async () => {
    const { body, headers } = signed(launchRequest({ timestamp: now() }), { url: 'https://s3.amazonaws.com/echo.api/foreign.pem', key: chain.foreignKeyPem });
    expect((await post(body, headers)).statusCode).toBe(400);
  });

  it('refuses a chain that does not lead to a trusted root', async () => {
    const untrusted = new AlexaRequestVerifier({ clock: t.clock, trustedRoots: [], fetchCertChain: async () => chain.chainPem });
    const body = JSON.stringify(launchRequest({ timestamp: now() }));
    const headers = { signaturecertchainurl: CERT_URL, 'signature-256': signatureOf(body, chain.leafKeyPem) };
    await expect(untrusted.verify(body, headers)).rejects.toMatchObject({ reason: 'certUntrusted' });
  });

  it.each([
    ['expired a day ago', { validDaysBefore: 400, validDaysAfter: -1 }],
    ['not valid until tomorrow', { validDaysBefore: -1, validDaysAfter: 365 }],
  ])('refuses a chain %s, judged on the verifier clock', async (_what, validity) => {
    const dated = await makeTestChain({ at: t.clock.now(), ...validity });
    const verifier = new AlexaRequestVerifier({ clock: t.clock, trustedRoots: [dated.rootPem], fetchCertChain: async () => dated.chainPem });
    const body = JSON.stringify(launchRequest({ timestamp: now() }));
    const headers = { signaturecertchainurl: CERT_URL, 'signature-256': signatureOf(body, dated.leafKeyPem) };
    await expect(verifier.verify(body, headers)).rejects.toMatchObject({ reason: 'certExpired' });
    // The same chain is accepted by a verifier whose clock is inside its validity.
    const inside = new Date((dated.notBefore.getTime() + dated.notAfter.getTime()) / 2);
    const atInside = new AlexaRequestVerifier({ clock: { now: () => inside }, trustedRoots: [dated.rootPem], fetchCertChain: async () => dated.chainPem });
    const freshBody = JSON.stringify(launchRequest({ timestamp: inside.toISOString() }));
    await expect(atInside.verify(freshBody, { signaturecertchainurl: CERT_URL, 'signature-256': signatureOf(freshBody, dated.leafKeyPem) })).resolves.toBeUndefined();
  });

  it('fetches a chain once and re-checks it on every request', async () => {
    const count = fetches.filter((u) => u === CERT_URL).length;
    for (let i = 0; i < 3; i++) {
      const { body, headers } = signed(launchRequest({ timestamp: now() }));
      expect((await post(body, headers)).statusCode).toBe(200);
    }
    expect(fetches.filter((u) => u === CERT_URL).length).toBe(count);
  });
});

describe('ALEXA_VERIFY_SIGNATURE=false', () => {
  it('answers unsigned requests (local testing only) and still checks the application id', async () => {
    const t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    try {
      expect(t.app.skills.alexa.verifier).toBeNull();
      const ok = await t.app.inject({ method: 'POST', url: '/alexa', payload: launchRequest({ timestamp: t.clock.now().toISOString() }) });
      expect(ok.statusCode).toBe(200);
      const foreign = await t.app.inject({ method: 'POST', url: '/alexa', payload: launchRequest({ timestamp: t.clock.now().toISOString(), applicationId: 'amzn1.ask.skill.other' }) });
      expect(foreign.statusCode).toBe(400);
    } finally {
      await t.close();
    }
  });
});
