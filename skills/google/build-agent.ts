import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { agentFiles } from './agent';

/**
 * `npm run google:agent`: writes the Dialogflow agent generated from the core definition into
 * skills/google/agent/ and the importable dist/google-agent.zip (Dialogflow console, Export and
 * Import, Restore from zip).
 */
function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'skills'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** DOS time has no earlier date; a fixed one makes the same agent the same bytes. */
const ENTRY_TIME = new Date(1980, 0, 1);

/** The agent as Dialogflow's "Restore from zip" takes it: one deflated entry per file, in name order. */
export function agentZip(files: Readonly<Record<string, string>>): Buffer {
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) entries[name] = [strToU8(files[name]), { level: 9, mtime: ENTRY_TIME }];
  return Buffer.from(zipSync(entries));
}

export function writeAgent(root = repoRoot()): { dir: string; zipPath: string; files: number; bytes: number } {
  const files = agentFiles();
  const dir = path.join(root, 'skills', 'google', 'agent');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const zipPath = path.join(root, 'dist', 'google-agent.zip');
  fs.mkdirSync(path.dirname(zipPath), { recursive: true });
  const bytes = agentZip(files);
  fs.writeFileSync(zipPath, bytes);
  return { dir, zipPath, files: Object.keys(files).length, bytes: bytes.length };
}

if (require.main === module) {
  const result = writeAgent();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
