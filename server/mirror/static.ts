import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@server/core/errors';

/** `dist/mirror`, found from the sources (server/mirror) and from the bundle (dist/server) alike. */
export function mirrorDistDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'mirror');
    dir = path.dirname(dir);
  }
  return path.resolve('dist', 'mirror');
}

/**
 * The page and its assets. Public by declaration: the page carries no data, it reads the token from
 * its URL fragment and every API call it makes is authenticated. `no-cache` (revalidate by ETag)
 * so a kiosk picks up a new build on its next reload instead of running yesterday's bundle.
 */
export async function mirrorStatic(app: FastifyInstance, root = mirrorDistDir()): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), auth: 'public' };
    route.schema = { ...(route.schema ?? {}), hide: true };
  });
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (!built) {
    // A server started from sources without `npm run build`: say so instead of a bare 404.
    const notBuilt = async () => {
      throw new AppError('mirror.notBuilt', 503);
    };
    app.get('/mirror', notBuilt);
    app.get('/mirror/*', notBuilt);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/mirror/',
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
  });
  app.get('/mirror', async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
}
