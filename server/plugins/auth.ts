import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '@server/core/errors';

/**
 * Who a request speaks for. Routes say what they accept in `config.auth`; the default is the
 * household token, so a route that forgets to say anything is closed, never open.
 */
export type AuthMode = 'public' | 'household' | 'device' | 'householdOrDevice' | 'self';

export type AuthContext =
  | { kind: 'household'; householdId: string; tokenId: string; locale: string; timezone: string }
  | { kind: 'device'; householdId: string; tokenId: string; deviceId: string; locale: string; timezone: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** EventSource cannot send headers: a stream route may take `?access_token=` instead. */
    allowQueryToken?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : null;
  }
  if (request.routeOptions.config?.allowQueryToken) {
    const q = request.query as Record<string, unknown> | undefined;
    if (q && typeof q.access_token === 'string') return q.access_token;
  }
  return null;
}

/** The household a household-token request acts for; throws 401/403 otherwise. */
export function householdOf(request: FastifyRequest): string {
  const auth = request.auth;
  if (!auth) throw new AppError('errors.unauthorized', 401);
  if (auth.kind !== 'household') throw new AppError('errors.forbidden', 403);
  return auth.householdId;
}

export function deviceOf(request: FastifyRequest): Extract<AuthContext, { kind: 'device' }> {
  const auth = request.auth;
  if (!auth) throw new AppError('errors.unauthorized', 401);
  if (auth.kind !== 'device') throw new AppError('errors.forbidden', 403);
  return auth;
}

export default fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      const mode: AuthMode = request.routeOptions.config?.auth ?? 'household';
      if (mode === 'public' || mode === 'self' || !request.routeOptions.url) return;
      const token = bearerToken(request);
      if (!token) throw new AppError('errors.unauthorized', 401);
      const auth = await app.households.authenticate(token);
      if (!auth) throw new AppError('errors.unauthorized', 401);
      request.auth = auth;
      const accepted =
        mode === 'householdOrDevice' || (mode === 'household' && auth.kind === 'household') || (mode === 'device' && auth.kind === 'device');
      if (!accepted) throw new AppError('errors.forbidden', 403);
    });
  },
  { name: 'auth', dependencies: ['households'] },
);
