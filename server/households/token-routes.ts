import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@server/core/schemas';
import { personOf } from '@server/plugins/auth';
import { IssuedTokenSchema, NewTokenBody, TokenListSchema } from './schemas';
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
