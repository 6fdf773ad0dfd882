import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { ConfigError, loadConfig } from '@server/plugins/config';
import { createTestStore } from '@test/helpers/stores';

/** The app with TRUST_PROXY as given and a route that says what it sees of the client. */
async function appTrusting(trust: string) {
  const testStore = await createTestStore('sqlite');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-proxy-'));
  const config = loadConfig({ MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', MIROIR_BACKGROUND_JOBS: 'false', TRUST_PROXY: trust });
  const app = await buildApp({ config, clock: new ManualClock(), store: testStore.store, logger: false });
  app.get('/test/whoami', { config: { auth: 'public' } }, async (request) => ({ ip: request.ip, protocol: request.protocol }));
  await app.ready();
  return {
    whoami: async () =>
      (
        await app.inject({ method: 'GET', url: '/test/whoami', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' } })
      ).json() as { ip: string; protocol: string },
    close: async () => {
      await app.close();
      await testStore.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('TRUST_PROXY', () => {
  it('takes the client address and scheme from a trusted proxy, and ignores X-Forwarded-* by default', async () => {
    const trusted = await appTrusting('127.0.0.1');
    expect(await trusted.whoami()).toEqual({ ip: '203.0.113.7', protocol: 'https' });
    await trusted.close();
    const hop = await appTrusting('1');
    expect(await hop.whoami()).toEqual({ ip: '203.0.113.7', protocol: 'https' });
    await hop.close();
    const untrusted = await appTrusting('false');
    expect(await untrusted.whoami()).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    await untrusted.close();
  });

  it('refuses a value that is no boolean, hop count or address list', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(ConfigError);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.2' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.2']);
  });
});
