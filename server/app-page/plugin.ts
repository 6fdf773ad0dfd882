import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { distDir, staticPage } from '@server/plugins/static-page';

/** `dist/app`: the household app bundled from `app/` by scripts/build.mjs. */
export function appDistDir(): string {
  return distDir('app');
}

/**
 * Serves the household app (the phone-first page under `app/`) at `/app`. The page is public and
 * carries no data: it signs in with the token from `/app#token=…` and then talks to the same HTTP
 * API and live stream as everyone else. Nothing here knows about screens.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(async (scope) => staticPage(scope, { prefix: 'app', root: appDistDir(), notBuiltKey: 'app.notBuilt' }));
  },
  { name: 'app-page', dependencies: ['auth'] },
);
