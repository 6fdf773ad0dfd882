import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@server/core/errors';

/** `dist/<name>`, found from the sources (server/…) and from the bundle (dist/server) alike. */
export function distDir(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', name);
    dir = path.dirname(dir);
  }
  return path.resolve('dist', name);
}

export interface StaticPageOptions {
  /** URL prefix without slashes: `mirror` serves `/mirror` and `/mirror/*`. */
  prefix: string;
  /** The built files (index.html and its assets). */
  root: string;
  /** The error key answered (503) when the page was not built. */
  notBuiltKey: string;
}

/**
 * A bundled browser page and its assets (the mirror, the household app). Public by declaration:
 * the page carries no data, it reads its token from the URL fragment and every API call it makes
 * is authenticated. `no-cache` (revalidate by ETag) so a kiosk or a phone picks up a new build on
 * its next load instead of running yesterday's bundle.
 */
export async function staticPage(app: FastifyInstance, options: StaticPageOptions): Promise<void> {
  const { prefix, root, notBuiltKey } = options;
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), auth: 'public' };
    route.schema = { ...(route.schema ?? {}), hide: true };
  });
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    // A server started from sources without `npm run build`: say so instead of a bare 404.
    const notBuilt = async () => {
      throw new AppError(notBuiltKey, 503);
    };
    app.get(`/${prefix}`, notBuilt);
    app.get(`/${prefix}/*`, notBuilt);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: `/${prefix}/`,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
  });
  app.get(`/${prefix}`, async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
}
