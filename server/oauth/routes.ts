import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams } from '@server/core/schemas';
import type { PairingService } from '@server/skills/pairing';
import { householdOf } from '@server/plugins/auth';
import { consentPage, invalidRequestPage, type AuthorizeParams } from './authorize-page';
import type { OAuthClient } from './clients';
import { AuthorizeForm, AuthorizeQuery, LinkListSchema, OAuthErrorBody, RevokeForm, TokenForm, TokenResponse } from './schemas';
import type { FormFields, OAuthExchange, OAuthService } from './service';

export interface OAuthRouteOptions {
  oauth: OAuthService;
  pairing: PairingService;
  /** Consent posts an address may make a minute: guessing six digits over ten minutes stays out of reach. */
  authorizePerMinute: number;
}

const stringsOf = (value: unknown): FormFields => {
  const out: FormFields = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
};

const headersOf = (request: FastifyRequest): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') out[k] = v;
  return out;
};

const exchangeOf = (request: FastifyRequest, body: FormFields): OAuthExchange => ({ method: request.method, headers: headersOf(request), query: {}, body });

/** The page's language: the browser's, as the household is not known until the code proves it. */
const pageLocale = (request: FastifyRequest): string => {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^\s*fr\b/i.test(header) ? 'fr' : 'en';
};

/** No script, no style, nothing from elsewhere; the form may post here and be redirected to the client only. */
function sendHtml(reply: FastifyReply, status: number, html: string, redirectOrigin: string | null): FastifyReply {
  const formAction = redirectOrigin ? `'self' ${redirectOrigin}` : "'self'";
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', `default-src 'none'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`)
    .send(html);
}

function errorRedirect(redirectUri: string, error: string, description: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state) url.searchParams.set('state', state);
  return url.toString();
}

function sendOAuth(reply: FastifyReply, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): FastifyReply {
  for (const [k, v] of Object.entries(headers)) if (k !== 'content-type') reply.header(k, v);
  return reply.status(status).header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
}

/** Client authentication for /oauth/revoke, HTTP Basic or form fields (RFC 6749 §2.3.1). */
function revokingClient(oauth: OAuthService, request: FastifyRequest, body: FormFields): OAuthClient | null {
  const header = request.headers.authorization;
  const basic = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return oauth.clients.authenticate(decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1)));
  }
  return body.client_id && body.client_secret ? oauth.clients.authenticate(body.client_id, body.client_secret) : null;
}

/**
 * `/oauth/*` in its own context: form bodies are parsed only here, and every error (a bad form, a
 * wrong content type) answers in RFC 6749 §5.2's shape instead of Miroir's. `/api/v1/links` lists
 * and ends the household's links, like any API route.
 */
export const oauthRoutes: FastifyPluginAsyncTypebox<OAuthRouteOptions> = async (app, { oauth, pairing, authorizePerMinute }) => {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    scope.setErrorHandler((err: { statusCode?: number; message: string }, request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) request.log.error({ err }, 'oauth request failed');
      if (status === 500) return sendOAuth(reply, 500, { error: 'server_error', error_description: 'The server could not complete the request.' });
      // 415 (not a form), 413 (too large), 429 (too many tries) keep their status, in RFC 6749's shape.
      return sendOAuth(reply, status, { error: 'invalid_request', error_description: err.message });
    });
    // RFC 6749 posts are forms; anything else is refused before it is read as one.
    scope.addHook('preValidation', async (request) => {
      if (request.method === 'POST' && !/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
        throw Object.assign(new Error('Send an application/x-www-form-urlencoded body.'), { statusCode: 415 });
      }
    });
    const tags = ['oauth'];

    scope.get(
      '/oauth/authorize',
      { config: { auth: 'public' }, attachValidation: true, schema: { tags, summary: 'Account linking consent page (RFC 6749 §4.1.1, PKCE S256)', querystring: AuthorizeQuery } },
      async (request, reply) => {
        const locale = pageLocale(request);
        const q = stringsOf(request.query);
        const client = oauth.checkedClient(q.client_id ?? '', q.redirect_uri ?? '');
        if (!client) return sendHtml(reply, 400, invalidRequestPage(locale), null);
        const redirectUri = q.redirect_uri;
        if (request.validationError) return reply.redirect(errorRedirect(redirectUri, 'invalid_request', request.validationError.message, q.state), 302);
        const params = request.query;
        if (params.response_type !== 'code') return reply.redirect(errorRedirect(redirectUri, 'unsupported_response_type', 'Only the authorization code flow is offered.', params.state), 302);
        if (!params.state) return reply.redirect(errorRedirect(redirectUri, 'invalid_request', 'Missing parameter: `state`', undefined), 302);
        if (params.code_challenge_method !== undefined && params.code_challenge_method !== 'S256') {
          return reply.redirect(errorRedirect(redirectUri, 'invalid_request', 'Only code_challenge_method S256 is accepted.', params.state), 302);
        }
        if (params.code_challenge_method !== undefined && params.code_challenge === undefined) {
          return reply.redirect(errorRedirect(redirectUri, 'invalid_request', 'Missing parameter: `code_challenge`', params.state), 302);
        }
        const carried: AuthorizeParams = { ...params, state: params.state };
        return sendHtml(reply, 200, consentPage(locale, client.platform, carried, null), new URL(redirectUri).origin);
      },
    );

    scope.post(
      '/oauth/authorize',
      {
        config: { auth: 'public', rateLimit: { max: authorizePerMinute, timeWindow: '1 minute' } },
        attachValidation: true,
        schema: { tags, summary: 'The consent form: the pairing code (or a person’s token) proves the household', body: AuthorizeForm },
      },
      async (request, reply) => {
        const locale = pageLocale(request);
        const form = stringsOf(request.body);
        const client = oauth.checkedClient(form.client_id ?? '', form.redirect_uri ?? '');
        if (!client) return sendHtml(reply, 400, invalidRequestPage(locale), null);
        if (request.validationError) return reply.redirect(errorRedirect(form.redirect_uri, 'invalid_request', request.validationError.message, form.state), 302);
        const body = request.body;
        if (body.decision === 'deny') return reply.redirect(errorRedirect(body.redirect_uri, 'access_denied', 'The person declined the link.', body.state), 302);
        // A person signed in to the app may send their own token instead of a code.
        const bearer = typeof request.headers.authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(request.headers.authorization)?.[1] : undefined;
        const person = bearer ? await app.households.tokens.authenticate(bearer) : null;
        // Wrong codes count in the store like voice ones: per address here (a browser has no user id) and across the service.
        const redeemed = !person && body.pairing_code ? await pairing.redeem(body.pairing_code.trim(), { platform: `oauth-${client.platform}`, userId: `ip:${request.ip}` }) : null;
        const householdId = person && (person.scope === 'owner' || person.scope === 'app') ? person.householdId : redeemed?.kind === 'linked' ? redeemed.householdId : null;
        const { decision: _d, pairing_code: _p, ...params } = body;
        if (!householdId) return sendHtml(reply, 400, consentPage(locale, client.platform, params, 'wrongCode'), new URL(body.redirect_uri).origin);
        const location = await oauth.authorize({ method: 'POST', headers: headersOf(request), query: {}, body: stringsOf(params) }, householdId);
        return reply.redirect(location, 302);
      },
    );

    scope.post(
      '/oauth/token',
      {
        config: { auth: 'public' },
        attachValidation: true,
        schema: { tags, summary: 'Exchange a code or a refresh token (RFC 6749 §4.1.3, §6)', body: TokenForm, response: { 200: TokenResponse, 400: OAuthErrorBody, 401: OAuthErrorBody } },
      },
      async (request, reply) => {
        if (request.validationError) return sendOAuth(reply, 400, { error: 'invalid_request', error_description: request.validationError.message });
        const outcome = await oauth.token(exchangeOf(request, stringsOf(request.body)));
        if (outcome.status >= 500) request.log.error('oauth token exchange failed');
        return sendOAuth(reply, outcome.status, outcome.body, outcome.headers);
      },
    );

    scope.post(
      '/oauth/revoke',
      { config: { auth: 'public' }, attachValidation: true, schema: { tags, summary: 'Revoke an access or refresh token, ending the link (RFC 7009)', body: RevokeForm, response: { 400: OAuthErrorBody, 401: OAuthErrorBody } } },
      async (request, reply) => {
        if (request.validationError) return sendOAuth(reply, 400, { error: 'invalid_request', error_description: request.validationError.message });
        const body = stringsOf(request.body);
        const client = revokingClient(oauth, request, body);
        if (!client) return sendOAuth(reply, 401, { error: 'invalid_client', error_description: 'Client authentication failed.' }, { 'www-authenticate': 'Basic realm="Service"' });
        await oauth.revoke(client, body.token);
        return sendOAuth(reply, 200, {});
      },
    );
  });

  app.get('/api/v1/links', { schema: { tags: ['oauth'], summary: 'The voice assistants linked to this household', response: { 200: LinkListSchema, ...errorResponses } } }, async (request) => ({
    links: await oauth.links(householdOf(request)),
  }));
  app.delete(
    '/api/v1/links/:id',
    { schema: { tags: ['oauth'], summary: 'End a link: its tokens stop working at once', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await oauth.revokeLink(householdOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
