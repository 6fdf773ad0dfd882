import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '@server/core/errors';
import { errorResponses } from '@server/core/schemas';
import { householdOf } from '@server/plugins/auth';
import { PlatformParams, VoiceLinksResponse } from './schemas';
import type { VoiceUsers } from './voice-users';

/**
 * `GET /api/v1/voice-links`: which voice platforms speak for this home; `DELETE
 * /api/v1/voice-links/:platform`: unlink one, its paired accounts and link tokens together. Owner
 * and app tokens (the route default): the mirror shows a new link, it does not undo one.
 */
export function voiceLinkRoutes(users: VoiceUsers): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['voice'];
    app.get('/api/v1/voice-links', { schema: { tags, summary: 'Voice platforms linked to this home', response: { 200: VoiceLinksResponse, ...errorResponses } } }, async (request) => ({
      links: await users.links(householdOf(request)),
    }));

    app.delete(
      '/api/v1/voice-links/:platform',
      { schema: { tags, summary: 'Unlink a voice platform: its accounts, conversation state and link tokens', params: PlatformParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        const householdId = householdOf(request);
        const { platform } = request.params;
        const unlinked = await users.unlink(householdId, platform, (tx) => app.households.tokens.revokeWhere(householdId, { scope: 'link', subjectId: platform }, tx));
        if (!unlinked) throw notFound('voice link', { id: platform });
        request.log.info({ householdId, platform }, 'voice platform unlinked');
        return reply.status(204).send(null);
      },
    );
  };
}
