import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Compiles a test's child-process entry (a real app that a test kills and restarts) the way
 * `npm run build` compiles the server, into a temp dir. Returns the script and a cleanup.
 */
export async function bundleChild(entry: string, name: string): Promise<{ script: string; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `miroir-${name}-`));
  const script = path.join(dir, `${name}.js`);
  await build({
    entryPoints: [entry],
    outfile: script,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return { script, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
