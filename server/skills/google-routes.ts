import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@server/core/errors';
import { safeEqual } from '@server/core/ids';
import type { buildGoogleApp } from '@skills/google/app';
import { DialogflowRequest } from './schemas';

export type GoogleApp = ReturnType<typeof buildGoogleApp>;

export interface GoogleRouteOptions {
  /**
   * Builds the actions-on-google app on the first authenticated request: the library takes ~65 MB
   * and most of a second to load, which a home that never links Google should not pay at start.
   */
  load: () => Promise<GoogleApp>;
  user: string | undefined;
  password: string | undefined;
}

/** Both compared in full, always, so the time taken says nothing about which part was wrong. */
export function basicAuthMatches(header: string | undefined, user: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const givenUser = colon >= 0 ? decoded.slice(0, colon) : '';
  const givenPassword = colon >= 0 ? decoded.slice(colon + 1) : '';
  const userOk = safeEqual(givenUser, user);
  const passwordOk = safeEqual(givenPassword, password);
  return userOk && passwordOk;
}

/** POST /google: the Dialogflow ES v2 fulfillment, behind the webhook's basic auth. */
export async function googleRoutes(app: FastifyInstance, options: GoogleRouteOptions): Promise<void> {
  let loading: Promise<GoogleApp> | null = null;
  const googleApp = (): Promise<GoogleApp> => {
    loading ??= options.load().catch((err: unknown) => {
      loading = null;
      throw err;
    });
    return loading;
  };
  const checkAuth = async (request: FastifyRequest): Promise<void> => {
    if (!options.user || !options.password) throw new AppError('skills.google.notConfigured', 503);
    if (!basicAuthMatches(request.headers.authorization, options.user, options.password)) throw new AppError('errors.unauthorized', 401);
  };
  app.post(
    '/google',
    {
      config: { auth: 'self' },
      // Credentials are checked before the body is even validated: a stranger learns nothing.
      onRequest: checkAuth,
      schema: { body: DialogflowRequest, summary: 'Dialogflow ES v2 fulfillment (Actions on Google)', tags: ['voice'] },
    },
    async (request, reply) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers[k] = v;
      const result = await (await googleApp()).handler(request.body as Record<string, unknown> as never, headers);
      reply.status(result.status);
      return reply.header('content-type', 'application/json; charset=utf-8').send(result.body);
    },
  );
}
