import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../bin/cli';
import { systemClock } from '@server/core/clock';
import { hashToken } from '@server/core/ids';
import { HouseholdService } from '@server/households/service';
import { Store } from '@server/store/store';

function io(env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => (out.stdout += s), stderr: (s: string) => (out.stderr += s), env } };
}

describe('miroir tokens create', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-cli-tokens-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function withStore<T>(work: (households: HouseholdService) => Promise<T>): Promise<T> {
    const store = await Store.open({ dataDir });
    try {
      await store.migrate();
      return await work(new HouseholdService(store, systemClock));
    } finally {
      await store.close();
    }
  }

  it('mints an owner token for the only household of the data dir, stored hashed, that authenticates as owner', async () => {
    const householdId = await withStore(async (h) => (await h.create({ name: 'Solo' })).household.id);
    const { out, io: cli } = io({ MIROIR_DATA_DIR: dataDir });
    expect(await runCli(['tokens', 'create', '--scope', 'owner'], cli)).toBe(0);
    const printed = JSON.parse(out.stdout) as { householdId: string; scope: string; token: string };
    expect(printed).toMatchObject({ householdId, scope: 'owner', token: expect.stringMatching(/^mh_/) });
    await withStore(async (h) => {
      expect(await h.tokens.authenticate(printed.token)).toMatchObject({ kind: 'household', scope: 'owner', householdId });
      const rows = await h.tokens.list(householdId);
      expect(rows.filter((r) => r.scope === 'owner')).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toContain(printed.token);
    });
    expect(hashToken(printed.token)).not.toBe(printed.token);
  });

  it('needs --household when the store holds several, and refuses scopes a person cannot mint', async () => {
    const [first] = await withStore(async (h) => [(await h.create({ name: 'One' })).household.id, (await h.create({ name: 'Two' })).household.id]);
    const ambiguous = io({ MIROIR_DATA_DIR: dataDir });
    expect(await runCli(['tokens', 'create', '--scope', 'app'], ambiguous.io)).not.toBe(0);
    expect(ambiguous.out.stderr).toContain('--household');
    const device = io({ MIROIR_DATA_DIR: dataDir });
    expect(await runCli(['tokens', 'create', '--scope', 'device', '--household', first], device.io)).not.toBe(0);
    expect(device.out.stderr).toContain('--scope');
    const display = io({ MIROIR_DATA_DIR: dataDir });
    expect(await runCli(['tokens', 'create', '--scope', 'display', '--household', first, '--label', 'hall'], display.io)).toBe(0);
    expect(JSON.parse(display.out.stdout)).toMatchObject({ householdId: first, scope: 'display', label: 'hall', token: expect.stringMatching(/^mm_/) });
  });
});
