import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, StrictObject } from '@server/core/schemas';
import { householdOf } from '@server/plugins/auth';
import { CONSENT_SOURCES } from './tables';

const ConsentState = Type.Object(Object.fromEntries(CONSENT_SOURCES.map((s) => [s, Type.Boolean()])));
const ConsentPatch = StrictObject(Object.fromEntries(CONSENT_SOURCES.map((s) => [s, Type.Optional(Type.Boolean())])), { minProperties: 1 });

export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['privacy'];
  app.get('/api/v1/privacy/consents', { schema: { tags, response: { 200: Type.Object({ consents: ConsentState }), ...errorResponses } } }, async (request) => ({
    consents: await app.consents.list(householdOf(request)),
  }));
  app.put(
    '/api/v1/privacy/consents',
    { schema: { tags, body: ConsentPatch, response: { 200: Type.Object({ consents: ConsentState }), ...errorResponses } } },
    async (request) => ({ consents: await app.consents.set(householdOf(request), request.body) }),
  );
};
