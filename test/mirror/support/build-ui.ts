import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { mirrorDistDir } from '@server/mirror/static';

const root = path.resolve(__dirname, '../../..');

/**
 * Bundles the mirror page as scripts/build.mjs does (same options), so the browser tests always
 * run the current sources even when `npm run build` was not run since the last edit.
 */
export async function buildMirrorUi(): Promise<string> {
  const out = mirrorDistDir();
  await build({
    entryPoints: [path.join(root, 'mirror/ui/main.ts')],
    outfile: path.join(out, 'app.js'),
    bundle: true,
    platform: 'browser',
    target: ['chrome110'],
    format: 'iife',
    minify: true,
    sourcemap: true,
    tsconfig: path.join(root, 'tsconfig.json'),
    loader: { '.svg': 'text', '.woff2': 'file' },
    logLevel: 'silent',
  });
  fs.cpSync(path.join(root, 'mirror/ui/static'), out, { recursive: true });
  return out;
}
