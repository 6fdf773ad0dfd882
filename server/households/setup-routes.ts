import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { householdOf } from '@server/plugins/auth';
import { SetupBody, SetupResultSchema, SetupStatusSchema } from './schemas';
import type { HouseholdSetup } from './setup';

/**
 * First run (`setup.ts`): `GET /api/v1/setup` says whether this phone may replace the demo;
 * `POST /api/v1/setup` creates the family's household, answers an app token for this phone and
 * moves the demo's open mirror there with a new display token over its live stream
 * (`mirror.moved`). Owner and app tokens of the demo only (the route default, then the service).
 */
export function setupRoutes(setup: HouseholdSetup): FastifyPluginAsyncTypebox {
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
        app.events.publish('mirror.moved', demoId, { to: created.household.id, displayToken: created.displayToken });
        const profiles = await app.households.listProfiles(created.household.id);
        return reply.status(201).send({ household: { ...created.household, profiles }, token: created.token, mirrorMoved: true });
      },
    );
  };
}
