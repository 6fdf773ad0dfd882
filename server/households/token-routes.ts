import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, personOf } from '@server/plugins/auth';
import { IssuedTokenSchema, NewTokenBody, NewUrlTokenBody, TokenListSchema, UrlTokenSchema } from './schemas';
import type { TokenService } from './tokens';

/**
 * `/api/v1/tokens`: mint (a label and a scope), list (no secrets), rotate, revoke. Owner and app
 * tokens only (the route default); the service refuses anything that would hand out more power
 * than the asking token has, so an app token never mints, rotates or revokes an owner token.
 */
export function tokenRoutes(tokens: TokenService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['tokens'];
    app.get('/api/v1/tokens', { schema: { tags, summary: 'The household’s live tokens, without their secrets', response: { 200: TokenListSchema, ...errorResponses } } }, async (request) => {
      const by = personOf(request);
      return { tokens: await tokens.list(by.householdId, by.tokenId) };
    });

    app.post(
      '/api/v1/tokens',
      { schema: { tags, summary: 'Mint a token (owner, app or display); the secret is shown once', body: NewTokenBody, response: { 201: IssuedTokenSchema, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await tokens.mint(personOf(request), request.body)),
    );

    // The mirror asks one for its event stream, so the display token may too; the URL token has
    // the asker's scope, so it opens nothing its parent could not.
    app.post(
      '/api/v1/url-tokens',
      {
        config: { scopes: ACCESS.mirror },
        schema: { tags, summary: 'A five-minute token for URLs of one purpose (?access_token=), instead of a bearer token in a URL', body: NewUrlTokenBody, response: { 201: UrlTokenSchema, ...errorResponses } },
      },
      async (request, reply) => reply.status(201).send(await tokens.issueUrlToken(personOf(request), request.body.purpose)),
    );

    app.post(
      '/api/v1/tokens/:id/rotate',
      { schema: { tags, summary: 'A new secret for this token; the old one stops working at once', params: IdParams, response: { 200: IssuedTokenSchema, ...errorResponses } } },
      async (request) => tokens.rotate(personOf(request), request.params.id),
    );

    app.delete(
      '/api/v1/tokens/:id',
      { schema: { tags, summary: 'Revoke a token', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        await tokens.revoke(personOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
