import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { loadConfig } from '@server/plugins/config';
import { loggerOptions, stripSecretsFromUrl } from '@server/plugins/logging';
import { createTestStore } from '@test/helpers/stores';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('logging', () => {
  it('never writes tokens or secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const testStore = await createTestStore('sqlite');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-log-'));
    const config = loadConfig({ MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'info', MIROIR_BACKGROUND_JOBS: 'false' });
    const options = loggerOptions(config) as pino.LoggerOptions;
    const app = await buildApp({ config, clock: new ManualClock(), store: testStore.store, logger: { ...options, stream: sink } as never });
    try {
      const { token } = await app.households.create({ name: 'Logged', locale: 'en-US', timezone: 'UTC' });
      await app.inject({ method: 'GET', url: '/api/v1/household', headers: { authorization: `Bearer ${token}` } });
      await app.inject({ method: 'GET', url: `/api/v1/household?access_token=${token}` });
      // A batch is one request on the wire: one line, its reads at debug level only.
      const batch = await app.inject({ method: 'POST', url: '/api/v1/reads', headers: { authorization: `Bearer ${token}` }, payload: { paths: ['/api/v1/household', '/api/v1/supplies'] } });
      expect(batch.statusCode).toBe(200);
      app.log.info({ token, password: 'hunter2', nested: { token } }, 'something with secrets');
      const all = lines.join('');
      expect(all.length).toBeGreaterThan(0);
      expect(all).toContain('[REDACTED]');
      expect(all).not.toContain(token);
      expect(all).not.toContain('hunter2');
      // One line per request, once answered: method, URL without its secret, status, time.
      const requests = lines.map((l) => JSON.parse(l) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number }).filter((l) => l.req);
      expect(requests.map((l) => [l.msg, l.req?.method, l.req?.url, l.res?.statusCode])).toEqual([
        ['request completed', 'GET', '/api/v1/household', 200],
        ['request completed', 'GET', '/api/v1/household?access_token=[REDACTED]', 401],
        ['request completed', 'POST', '/api/v1/reads', 200],
      ]);
      expect(requests.every((l) => typeof l.responseTime === 'number')).toBe(true);
    } finally {
      await app.close();
      await testStore.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('strips query-string tokens from logged URLs', () => {
    expect(stripSecretsFromUrl('/api/v1/events?access_token=abc&x=1')).toBe('/api/v1/events?access_token=[REDACTED]&x=1');
  });
});
