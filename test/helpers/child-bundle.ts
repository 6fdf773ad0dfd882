import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Compiles a test's child-process entry (a real app that a test kills and restarts) the way
 * `npm run build` compiles the server, into a throwaway dir under test/artifacts. Returns the script and a cleanup.
 */
export async function bundleChild(entry: string, name: string): Promise<{ script: string; dispose: () => void }> {
  // Inside the project, so the packages left external resolve from its node_modules the way the
  // built server's do (an ESM `import()` of a package ignores NODE_PATH).
  const parent = path.join(ROOT, 'test/artifacts/children');
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `${name}-`));
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
