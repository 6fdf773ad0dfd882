import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf, personOf } from '@server/plugins/auth';
import type { MirrorClaims } from './mirror-claims';
import { ClaimedMirrorSchema, MirrorClaimBody, SetupBody, SetupResultSchema, SetupStatusSchema } from './schemas';
import type { HouseholdSetup } from './setup';

/**
 * First run (`setup.ts`): `GET /api/v1/setup` says whether this phone may replace the demo;
 * `POST /api/v1/setup` creates the family's household, answers an app token for this phone and
 * tells the demo's open mirrors to move (`mirror.moved`, a claim id only). Owner and app tokens
 * of the demo only (the route default, then the service). Each mirror then redeems the claim
 * with its own display token at `POST /api/v1/mirror/claim` (display tokens only: only a mirror
 * moves) for a display token of the family's household (`mirror-claims.ts`).
 */
export function setupRoutes(setup: HouseholdSetup, claims: MirrorClaims): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['households'];
    app.get('/api/v1/setup', { schema: { tags, summary: 'Whether first run is open to this token', response: { 200: SetupStatusSchema, ...errorResponses } } }, async (request) => ({
      available: await setup.available(householdOf(request)),
    }));

    app.post(
      '/api/v1/setup',
      { schema: { tags, summary: 'First run: create the family’s household from the demo and move the mirror to it', body: SetupBody, response: { 201: SetupResultSchema, ...errorResponses } } },
      async (request, reply) => {
        const demoId = householdOf(request);
        const created = await setup.create(demoId, request.body);
        app.events.publish('mirror.moved', demoId, { to: created.household.id, claimId: created.claimId });
        const profiles = await app.households.listProfiles(created.household.id);
        return reply.status(201).send({ household: { ...created.household, profiles }, token: created.token, mirrorMoved: true });
      },
    );

    app.post(
      '/api/v1/mirror/claim',
      {
        config: { scopes: ACCESS.display },
        schema: {
          tags,
          summary: 'A demo mirror redeems first run’s claim for a display token of the family’s household (once per display token, ten minutes)',
          body: MirrorClaimBody,
          response: { 200: ClaimedMirrorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const claimed = await claims.redeem(personOf(request), request.body.claimId);
        request.log.info({ householdId: claimed.household.id, tokenId: claimed.tokenId }, 'a mirror moved to the family household');
        return { token: claimed.token, household: claimed.household };
      },
    );
  };
}
