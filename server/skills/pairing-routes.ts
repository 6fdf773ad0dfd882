import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import type { PairingService } from './pairing';
import { PairingCodeResponse } from './schemas';

/** POST /api/v1/pairing/code: the mirror shows the code; saying it to Alexa or Google links that device. */
export const pairingRoutes: FastifyPluginAsyncTypebox<{ pairing: PairingService }> = async (app, { pairing }) => {
  app.post(
    '/api/v1/pairing/code',
    { config: { scopes: ACCESS.mirror }, schema: { summary: 'A six-digit code to link a voice assistant (10 minutes, single use)', tags: ['voice'], response: { 201: PairingCodeResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await pairing.issue(householdOf(request))),
  );
};
