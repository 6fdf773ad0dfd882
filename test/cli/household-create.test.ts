import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../bin/cli';
import { Store } from '@server/store/store';
import { hashToken } from '@server/core/ids';

const root = path.resolve(__dirname, '../..');

function io(env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => (out.stdout += s), stderr: (s: string) => (out.stderr += s), env } };
}

describe('miroir household create', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-cli-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a household and prints its id and a token stored only hashed', async () => {
    const { out, io: cli } = io({ MIROIR_DATA_DIR: dataDir });
    const code = await runCli(['household', 'create', '--name', 'Les Durand', '--locale', 'fr-FR', '--timezone', 'Europe/Paris', '--lat', '45.76', '--lon', '4.83'], cli);
    expect(code).toBe(0);
    const result = JSON.parse(out.stdout) as { householdId: string; token: string };
    expect(Object.keys(result).sort()).toEqual(['householdId', 'token']);
    const store = await Store.open({ dataDir });
    try {
      const household = await store.db.selectFrom('households').selectAll().where('id', '=', result.householdId).executeTakeFirstOrThrow();
      expect(household).toMatchObject({ name: 'Les Durand', locale: 'fr-FR', timezone: 'Europe/Paris', latitude: 45.76, longitude: 4.83 });
      const tokens = await store.db.selectFrom('tokens').selectAll().where('household_id', '=', result.householdId).execute();
      expect(tokens).toHaveLength(1);
      expect(tokens[0].token_hash).toBe(hashToken(result.token));
      expect(JSON.stringify(tokens)).not.toContain(result.token);
    } finally {
      await store.close();
    }
  });

  it.each([
    ['New York', 'en-US', 'America/New_York', ['--lat', '40.78', '--lon', '-73.97'], 40.78, -73.97],
    ['Buenos Aires', 'es-AR', 'America/Argentina/Buenos_Aires', ['--lat', '-34.6', '--lon', '-58.38'], -34.6, -58.38],
    ['Sydney', 'en-AU', 'Australia/Sydney', ['--lat', '-33.87', '--lon', '151.21'], -33.87, 151.21],
    ['Sydney (joined form)', 'en-AU', 'Australia/Sydney', ['--lat=-33.87', '--lon=151.21'], -33.87, 151.21],
  ])('takes negative coordinates as written: %s', async (name, locale, timezone, coords, latitude, longitude) => {
    const { out, io: cli } = io({ MIROIR_DATA_DIR: dataDir });
    const code = await runCli(['household', 'create', '--name', name, '--locale', locale, '--timezone', timezone, ...coords], cli);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const { householdId } = JSON.parse(out.stdout) as { householdId: string };
    const store = await Store.open({ dataDir });
    try {
      const household = await store.db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow();
      expect(household).toMatchObject({ name, timezone, latitude, longitude });
    } finally {
      await store.close();
    }
  });

  it.each([
    [['household', 'create'], '--name is required'],
    [['household', 'create', '--name', 'X', '--lat', '95', '--lon', '2'], '--lat'],
    [['household', 'create', '--name', 'X', '--lat', '45'], 'go together'],
    [['household', 'create', '--name', 'X', '--lat', '-95', '--lon', '2'], '--lat must be a number'],
    [['household', 'create', '--name', 'X', '--lat', '45', '--lon', '-181'], '--lon must be a number'],
    [['household', 'create', '--name', 'X', '--lat', '-x', '--lon', '2'], 'ambiguous'],
    [['household', 'create', '--name', 'X', '--timezone', 'Mars/Base'], 'INVALID_TIMEZONE'],
    [['household', 'create', '--name', 'X', '--bogus'], 'bogus'],
  ])('fails with a message on stderr and a non-zero exit for %j', async (argv, message) => {
    const { out, io: cli } = io({ MIROIR_DATA_DIR: dataDir });
    const code = await runCli(argv, cli);
    expect(code).not.toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(message);
  });

  it('prints help', async () => {
    const { out, io: cli } = io({ MIROIR_DATA_DIR: dataDir });
    expect(await runCli(['household', 'create', '--help'], cli)).toBe(0);
    expect(out.stdout).toContain('--name NAME');
    const top = io({});
    expect(await runCli(['--help'], top.io)).toBe(0);
    expect(top.out.stdout).toContain('household create');
  });

  it('works as the installed bin', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'bin/miroir.js'), 'household', 'create', '--name', 'Bin test', '--lat', '40.78', '--lon', '-73.97'], {
      env: { ...process.env, MIROIR_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({ householdId: expect.any(String), token: expect.stringMatching(/^mh_/) });
  });
});

describe('negative numbers in every numeric option', () => {
  it('reaches the command own range check instead of a parse error (devices simulate --speed -5)', async () => {
    const { out, io: cli } = io({});
    const code = await runCli(['devices', 'simulate', '--token', 'mh_x', '--speed', '-5'], cli);
    expect(code).toBe(64);
    expect(out.stderr).toContain('must be positive numbers');
    expect(out.stderr).not.toContain('ambiguous');
  });
});
