import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '@server/core/errors';
import { errorResponses } from '@server/core/schemas';
import { channelOf, householdOf, personOf } from '@server/plugins/auth';
import { readHouseholdFile } from './household-files';
import { AuditQuery, AuditResponse, ConsentPatch, ConsentsResponse, EraseBody, EraseConfirmationResponse, EraseResponse, ExportQuery, ExportResponse, FileParams } from './schemas';
import type { Requester } from './service';

/** A person's token acting over the HTTP API; its scope tells the trail where it came from. */
function requester(request: FastifyRequest): Requester {
  return { actor: 'household_token', channel: channelOf(request), tokenId: request.auth?.tokenId ?? null };
}

export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['privacy'];
  app.get('/api/v1/privacy/consents', { schema: { tags, response: { 200: ConsentsResponse, ...errorResponses } } }, async (request) => ({
    consents: await app.consents.list(householdOf(request)),
  }));

  app.put('/api/v1/privacy/consents', { schema: { tags, body: ConsentPatch, response: { 200: ConsentsResponse, ...errorResponses } } }, async (request) => ({
    consents: await app.privacy.setConsents(householdOf(request), request.body, requester(request)),
  }));

  app.get('/api/v1/privacy/export', { schema: { tags, querystring: ExportQuery, response: { 200: ExportResponse, ...errorResponses } } }, async (request, reply) => {
    const householdId = householdOf(request);
    const document = await app.privacy.export(householdId, requester(request), { embedFiles: request.query.embed === 'photos' });
    return reply.header('content-disposition', `attachment; filename="miroir-export-${document.exportedAt.slice(0, 10)}.json"`).header('cache-control', 'no-store').send(document);
  });

  // The export links files here; `<img src>` cannot send a header, hence the query token.
  app.get(
    '/api/v1/privacy/files/:area/*',
    { config: { urlToken: 'file' }, schema: { tags, params: FileParams, response: errorResponses } },
    async (request, reply) => {
      const bytes = readHouseholdFile(app.config.dataDir, householdOf(request), request.params.area, request.params['*']);
      if (!bytes) throw notFound('file');
      return reply.header('content-type', 'application/octet-stream').header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(bytes);
    },
  );

  app.get('/api/v1/privacy/audit', { schema: { tags, querystring: AuditQuery, response: { 200: AuditResponse, ...errorResponses } } }, async (request) => ({
    entries: await app.privacy.audit.list(householdOf(request), request.query),
  }));

  app.post(
    '/api/v1/household/erase-confirmation',
    { schema: { tags, summary: 'Step one of erasing: a confirmation for this token, valid five minutes', response: { 201: EraseConfirmationResponse, ...errorResponses } } },
    async (request, reply) => {
      const { householdId, tokenId } = personOf(request);
      return reply.status(201).send(await app.privacy.eraseConfirmations.issue(householdId, tokenId));
    },
  );

  app.delete('/api/v1/household', { schema: { tags, summary: 'Erase the household and everything it holds (needs a fresh confirmation)', body: EraseBody, response: { 200: EraseResponse, ...errorResponses } } }, async (request) => {
    const { householdId, tokenId } = personOf(request);
    const erased = await app.privacy.erase(householdId, { tokenId, confirmation: request.body.confirmation });
    request.log.info({ householdId, erased }, 'household erased');
    return { erased };
  });
};
