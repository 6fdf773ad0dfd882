import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { mirrorDistDir } from '@server/mirror/static';

const root = path.resolve(__dirname, '../../..');

/**
 * Builds the mirror page with the project's own build script (only when the sources are newer),
 * so the browser tests always run the current sources, bundled exactly as `npm start` serves them.
 */
export async function buildMirrorUi(): Promise<string> {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return mirrorDistDir();
}
