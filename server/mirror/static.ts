import type { FastifyInstance } from 'fastify';
import { distDir, staticPage } from '@server/plugins/static-page';

/** `dist/mirror`, found from the sources (server/mirror) and from the bundle (dist/server) alike. */
export function mirrorDistDir(): string {
  return distDir('mirror');
}

/** The page at /mirror and its assets (see `staticPage`); 503 `NOT_BUILT` before `npm run build`. */
export async function mirrorStatic(app: FastifyInstance, root = mirrorDistDir()): Promise<void> {
  await staticPage(app, { prefix: 'mirror', root, notBuiltKey: 'mirror.notBuilt' });
}
