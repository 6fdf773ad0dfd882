import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentFiles } from '@skills/google/agent';
import { strFromU8, unzipSync } from 'fflate';
import { agentZip, writeAgent } from '@skills/google/build-agent';

/** `npm run google:agent`: the agent folder and an importable zip that standard tools read back. */
describe('build-agent', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-agent-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes every agent file and a zip whose entries unzip to the same bytes', () => {
    const result = writeAgent(root);
    const files = agentFiles();
    expect(result.files).toBe(Object.keys(files).length);
    const listed = execFileSync('zipinfo', ['-1', result.zipPath], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listed).toEqual(Object.keys(files).sort());
    for (const name of ['agent.json', 'intents/ReorderSupply_usersays_fr.json', 'entities/MIROIR_SUPPLY_entries_en.json']) {
      expect(execFileSync('unzip', ['-p', result.zipPath, name], { encoding: 'utf8' })).toBe(files[name]);
      expect(fs.readFileSync(path.join(result.dir, name), 'utf8')).toBe(files[name]);
    }
    expect(execFileSync('unzip', ['-t', result.zipPath], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('is deterministic, and reads back whole with another unzipper', () => {
    expect(agentZip({ a: 'x', 'b/c.json': '{}' }).equals(agentZip({ 'b/c.json': '{}', a: 'x' }))).toBe(true);
    const files = agentFiles();
    const entries = unzipSync(new Uint8Array(agentZip(files)));
    expect(Object.keys(entries).sort()).toEqual(Object.keys(files).sort());
    for (const [name, bytes] of Object.entries(entries)) expect(strFromU8(bytes)).toBe(files[name]);
  });
});
