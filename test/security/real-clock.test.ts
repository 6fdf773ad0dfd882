import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@server/app';
import { signedHeaders } from '@server/orders/stores/signature';
import { WebhookStore } from '@server/orders/stores/webhook';
import { loadConfig } from '@server/plugins/config';
import { createTestStore, type TestStore } from '@test/helpers/stores';
import { launchRequest, SKILL_ID } from '@test/skills/helpers/alexa-envelopes';
import { CERT_URL, makeTestChain, signatureOf, type TestChain } from '@test/skills/helpers/certs';

/**
 * Security checks judge the real clock, never the demo clock: these tests start the app the way
 * `npm start` does with MIROIR_FAKE_NOW (no injected clock), years away from now, and sign with
 * the real time as Amazon and a store would.
 */
const FAKE_NOW = '2031-06-01T09:00:00Z';

describe('signature and timestamp checks under MIROIR_FAKE_NOW', () => {
  let app: FastifyInstance;
  let testStore: TestStore;
  let dataDir: string;
  let chain: TestChain;

  beforeAll(async () => {
    // The verifier judges the real clock here, so the chain is made valid around it.
    chain = await makeTestChain({ at: new Date() });
    testStore = await createTestStore('sqlite');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-real-clock-'));
    const config = loadConfig({ MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', MIROIR_BACKGROUND_JOBS: 'false', MIROIR_FAKE_NOW: FAKE_NOW, ALEXA_SKILL_ID: SKILL_ID });
    app = await buildApp({ config, store: testStore.store, logger: false, alexaTrust: { trustedRoots: [chain.rootPem], fetchCertChain: async () => chain.chainPem } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await testStore.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the house on the demo clock', () => {
    expect(Math.abs(app.clock.now().getTime() - Date.parse(FAKE_NOW))).toBeLessThan(60_000);
  });

  const alexa = (timestamp: string) => {
    const body = JSON.stringify(launchRequest({ timestamp }));
    return app.inject({
      method: 'POST',
      url: '/alexa',
      payload: body,
      headers: { 'content-type': 'application/json', signaturecertchainurl: CERT_URL, 'signature-256': signatureOf(body, chain.leafKeyPem) },
    });
  };

  it('answers a real Alexa request signed now, and refuses one stamped with the demo date', async () => {
    const real = await alexa(new Date().toISOString());
    expect(real.statusCode).toBe(200);
    const demoDated = await alexa(app.clock.now().toISOString());
    expect(demoDated.statusCode).toBe(400);
    expect(demoDated.json().error.code).toBe('INVALID_REQUEST');
  });

  it('judges a store callback signature on the real clock', async () => {
    const secret = 'real-clock-secret';
    app.orders.stores.register(new WebhookStore({ id: 'real-shop', baseUrl: 'http://127.0.0.1:9', secret }));
    const payload = JSON.stringify({ orderId: 'no-such-order', status: 'shipped' });
    const send = (nowMs: number) =>
      app.inject({ method: 'POST', url: '/api/v1/orders/webhook/real-shop', payload, headers: { 'content-type': 'application/json', ...signedHeaders(secret, nowMs, payload) } });
    // Signed now: the signature passes, and the made-up order is then not found.
    const now = await send(Date.now());
    expect([now.statusCode, now.json().error.code]).toEqual([404, 'NOT_FOUND']);
    // Signed at the demo date: refused as a bad signature.
    const demoDated = await send(app.clock.now().getTime());
    expect([demoDated.statusCode, demoDated.json().error.code]).toEqual([401, 'BAD_SIGNATURE']);
  });
});
