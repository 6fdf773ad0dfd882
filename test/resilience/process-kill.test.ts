import { fork, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { ManualClock } from '@server/core/clock';
import { HouseholdService } from '@server/households/service';
import { Store } from '@server/store/store';
import { bundleChild } from '@test/helpers/child-bundle';

const ROOT = path.resolve(__dirname, '../..');
let childScript: string;
let disposeChild: () => void = () => {};

beforeAll(async () => {
  const child = await bundleChild(path.join(__dirname, 'fixtures/server-child.ts'), 'server-child');
  childScript = child.script;
  disposeChild = child.dispose;
});
afterAll(() => disposeChild());

async function startChild(dataDir: string): Promise<{ child: ChildProcess; base: string; exited: Promise<NodeJS.Signals | null> }> {
  const child = fork(childScript, [], { cwd: ROOT, env: { ...process.env, CHILD_DATA_DIR: dataDir, NODE_PATH: path.join(ROOT, 'node_modules') }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}

jest.setTimeout(90_000);

describe('the process killed mid-write', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-kill-data-'));
  });
  afterEach(() => dataDir && fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every write that got a 2xx, across two SIGKILLs at random moments', async () => {
    // The household, its consent and a device exist before the storm.
    const setup = await Store.open({ dataDir });
    await setup.migrate();
    const created = await new HouseholdService(setup, new ManualClock(new Date())).create({ name: 'Crash home', locale: 'en-US' });
    await setup.close();
    const auth = { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' };

    const garments: string[] = [];
    const readings: string[] = [];
    let lost = 0;
    let first = await startChild(dataDir);
    const post = (base: string, url: string, body: unknown, headers: Record<string, string> = auth) =>
      fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    await fetch(`${first.base}/api/v1/privacy/consents`, { method: 'PUT', headers: auth, body: JSON.stringify({ telemetry: true }) });
    const supply = (await (await post(first.base, '/api/v1/supplies', { name: 'Milk', unit: 'L', capacity: 10, level: 5 })).json()) as { id: string };
    const device = (await (await post(first.base, '/api/v1/devices', { name: 'Fridge', kind: 'fridge', supplyIds: [supply.id] })).json()) as { id: string; token: string };
    const deviceHeaders = { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' };

    for (let round = 0; round < 2; round++) {
      const { child, base, exited } = round === 0 ? first : (first = await startChild(dataDir));
      let stop = false;
      let n = 0;
      const writer = async (lane: number) => {
        while (!stop) {
          const i = n++;
          try {
            if (lane % 2 === 0) {
              const res = await post(base, '/api/v1/wardrobe/items', { name: `Shirt ${round}-${i}`, kind: 'shirt' });
              if (res.status === 201) garments.push(((await res.json()) as { id: string }).id);
            } else {
              const id = `r${round}-${i}`;
              const at = new Date(Date.now() - 60_000).toISOString();
              const res = await post(base, `/api/v1/devices/${device.id}/telemetry`, { readings: [{ id, supplyId: supply.id, level: 5 - (i % 50) / 10, unit: 'L', at }] }, deviceHeaders);
              if (res.status === 200 && ((await res.json()) as { accepted: number }).accepted === 1) readings.push(id);
            }
          } catch {
            // In flight when the process died: never acknowledged, so not promised.
            lost++;
            return;
          }
        }
      };
      const ackedBefore = garments.length + readings.length;
      const lanes = Array.from({ length: 6 }, (_, lane) => writer(lane));
      // A few writes acknowledged in this round first (the machine may be slow), then a random moment.
      while (garments.length + readings.length < ackedBefore + 8) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, randomInt(50, 600)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      stop = true;
      await Promise.all(lanes);
    }
    expect(garments.length + readings.length).toBeGreaterThanOrEqual(16);

    // Restart on the same store: everything acknowledged is there, read through the API.
    const restarted = await startChild(dataDir);
    try {
      const items = (await (await fetch(`${restarted.base}/api/v1/wardrobe/items`, { headers: auth })).json()) as { items: { id: string }[] };
      const stored = new Set(items.items.map((g) => g.id));
      expect(garments.filter((id) => !stored.has(id))).toEqual([]);
      const check = await Store.open({ dataDir });
      try {
        const rows = await check.db.selectFrom('readings').select('id').where('household_id', '=', created.household.id).execute();
        const ids = new Set(rows.map((r) => r.id));
        expect(readings.filter((id) => !ids.has(id))).toEqual([]);
        const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(check.db);
        expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        await check.close();
      }
      console.log(`process kill: ${garments.length} garments + ${readings.length} readings acknowledged across 2 SIGKILLs, 0 lost; ${lost} requests in flight at the kills (never acknowledged)`);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
