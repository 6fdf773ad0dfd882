import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest directory up with a package.json (from test/helpers, or from dist/bench when bundled). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

const ROOT = repoRoot();

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
