import type { AddressInfo } from 'node:net';
import { runCli } from '../../bin/cli';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createSupply, type TestHousehold } from './fixtures';

describe('miroir devices simulate', () => {
  let t: TestApp;
  let h: TestHousehold;
  let url: string;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    h = await t.household('Sim', 'en-US');
  });
  afterAll(async () => t.close());

  const run = async (args: string[]) => {
    const out = { stdout: '', stderr: '' };
    const code = await runCli(['devices', 'simulate', ...args], { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} });
    return { code, ...out };
  };

  it('streams falling levels for every supply of the household, dated in the server time', async () => {
    const milk = await createSupply(t, h, { name: 'Milk', unit: 'L', capacity: 2, level: 2, policy: { mode: 'notify' } });
    const ink = await createSupply(t, h, { name: 'Ink', unit: '%', capacity: 100, level: 100, policy: { mode: 'notify' } });
    const result = await run(['--url', url, '--token', h.token, '--interval', '0.02', '--speed', '180000', '--count', '4', '--seed', '3']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const readings = await t.app.store.db.selectFrom('readings').selectAll().where('household_id', '=', h.id).where('source', '=', 'device').orderBy('id').execute();
    expect(readings).toHaveLength(8);
    // The server lives on a manual clock: readings are dated in its time, not the machine's.
    const server = t.clock.now().getTime();
    for (const r of readings) {
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(server);
      expect(Date.parse(r.at)).toBeLessThan(server + 60_000);
    }
    const lines = result.stdout.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]) as { accepted: number; levels: Record<string, number> };
    expect(last.accepted).toBe(2);
    expect(last.levels.Milk).toBeLessThan(2);
    const devices = await t.app.supplies.listDevices(h.id);
    expect(devices).toEqual([expect.objectContaining({ kind: 'simulator', supplyIds: [milk.id, ink.id].sort() })]);
  });

  it('explains what it needs', async () => {
    const none = await run([]);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('--token');
    const device = await run(['--url', url, '--token', 'md_x']);
    expect(device.code).toBe(64);
    expect(device.stderr).toContain('--device');
  });
});
