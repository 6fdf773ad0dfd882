import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '@server/core/errors';
import { isInProcessRead } from '@server/core/in-process-get';
import type { PersonScope, TokenScope, UrlTokenPurpose } from '@server/households/tables';

/**
 * Who a request speaks for, and what it may do. Every route is authenticated unless its config
 * says `auth: 'public'` (anyone) or `auth: 'self'` (the route checks its own credentials: /alexa,
 * /google, store webhooks). An authenticated route lists the token scopes it accepts in
 * `config.scopes`; a route that says nothing accepts `owner` and `app` only, so a new route is
 * closed to the mirror's display token and to devices until it says otherwise.
 */
export type AuthMode = 'public' | 'self';

export type AuthContext =
  | { kind: 'household'; scope: PersonScope; householdId: string; tokenId: string; locale: string; timezone: string }
  | { kind: 'device'; scope: 'device'; householdId: string; tokenId: string; deviceId: string; locale: string; timezone: string }
  | { kind: 'link'; scope: 'link'; householdId: string; tokenId: string; platform: string; locale: string; timezone: string };

/** The scopes a route may accept, named once so routes read as what they are for. */
export const ACCESS = {
  /** The default: a person with full powers (owner) or their phone (app). */
  people: ['owner', 'app'],
  /** What the mirror's page does: its reads, approving or declining a proposal, a pairing code. */
  mirror: ['owner', 'app', 'display'],
  /** The mirror alone: what only a mirror does (moving to the family's household at first run). */
  display: ['display'],
  /** A device posting its own readings. */
  device: ['device'],
} as const satisfies Record<string, readonly TokenScope[]>;

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Token scopes this route accepts; `ACCESS.people` when absent. */
    scopes?: readonly TokenScope[];
    /**
     * EventSource and `<img src>` cannot send headers: such a route may take `?access_token=`, but
     * only a short-lived URL token of this purpose (`POST /api/v1/url-tokens`), never a bearer
     * token; its response is never cached.
     */
    urlToken?: UrlTokenPurpose;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** The credential came as a URL token in the query (see `urlToken`). */
    authByUrl: boolean;
  }
}

/** The token of an `Authorization: Bearer …` header, for a route that checks its own credential (Google Home); null without one. */
export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** The credential a request carries: a bearer header, or (on a route that allows it) a URL token in the query. */
function credentialOf(request: FastifyRequest): { kind: 'bearer' | 'url'; token: string } | null {
  if (request.headers.authorization) {
    const token = bearerToken(request);
    return token ? { kind: 'bearer', token } : null;
  }
  if (request.routeOptions.config?.urlToken) {
    const q = request.query as Record<string, unknown> | undefined;
    if (q && typeof q.access_token === 'string') return { kind: 'url', token: q.access_token };
  }
  return null;
}

/** The household a person's token (owner, app or display) acts for; throws 401/403 otherwise. */
export function householdOf(request: FastifyRequest): string {
  return personOf(request).householdId;
}

export function personOf(request: FastifyRequest): Extract<AuthContext, { kind: 'household' }> {
  const auth = request.auth;
  if (!auth) throw new AppError('errors.unauthorized', 401);
  if (auth.kind !== 'household') throw new AppError('errors.forbidden', 403);
  return auth;
}

export function deviceOf(request: FastifyRequest): Extract<AuthContext, { kind: 'device' }> {
  const auth = request.auth;
  if (!auth) throw new AppError('errors.unauthorized', 401);
  if (auth.kind !== 'device') throw new AppError('errors.forbidden', 403);
  return auth;
}

/** Where a person's request came from, for the order and privacy trails: the mirror's token says so itself. */
export function channelOf(request: FastifyRequest): 'mirror' | 'api' {
  return request.auth?.scope === 'display' ? 'mirror' : 'api';
}

export default fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('auth', null);
    app.decorateRequest('authByUrl', false);
    // A response reached by a token in its URL is never kept by a browser or a proxy cache,
    // whatever cache policy its route would give it otherwise.
    // Callback style: an async hook costs a promise on every response for a one-line check.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.authByUrl) reply.header('cache-control', 'no-store');
      done(null, payload);
    });
    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      // A route opened by URL token (a stream, a photo, a file) is no read a batch can carry
      // (plugins/batch-reads.ts): refused here, where URL tokens are understood.
      if (config?.urlToken && isInProcessRead(request.raw)) {
        throw new AppError('errors.notBatchable', 400, { path: request.url.split('?')[0] });
      }
      if (config?.auth === 'public' || config?.auth === 'self' || !request.routeOptions.url) return;
      const credential = credentialOf(request);
      if (!credential) throw new AppError('errors.unauthorized', 401);
      const purpose = config?.urlToken;
      const auth =
        credential.kind === 'url' && purpose
          ? await app.households.tokens.authenticateUrlToken(credential.token, purpose)
          : await app.households.tokens.authenticate(credential.token);
      if (!auth) throw new AppError('errors.unauthorized', 401);
      request.auth = auth;
      request.authByUrl = credential.kind === 'url';
      const accepted: readonly TokenScope[] = config?.scopes ?? ACCESS.people;
      if (!accepted.includes(auth.scope)) throw new AppError('errors.insufficientScope', 403, { scope: auth.scope, needed: accepted.join(', ') });
    });
  },
  { name: 'auth', dependencies: ['households'] },
);
