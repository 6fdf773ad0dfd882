import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { AppError } from '@server/core/errors';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { config: { auth: 'public', rateLimit: false }, schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok'), time: Type.String() }) } } },
    async () => ({ status: 'ok' as const, time: app.clock.now().toISOString() }),
  );
  app.get(
    '/ready',
    { config: { auth: 'public', rateLimit: false }, schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ready'), store: Type.String() }) } } },
    async () => {
      // A draining instance (SIGTERM) says so first: the load balancer stops sending it requests.
      if (app.fleet.draining) throw new AppError('errors.draining', 503);
      if (!(await app.store.ping())) throw new AppError('errors.storeUnavailable', 503);
      return { status: 'ready' as const, store: app.store.dialect };
    },
  );
};

export default fp(async (app) => app.register(routes), { name: 'health', dependencies: ['core', 'fleet'] });
