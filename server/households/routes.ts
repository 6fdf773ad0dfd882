import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { HouseholdPatchBody, HouseholdSchema, NewProfileBody, ProfilePatchBody, ProfileSchema } from './schemas';
import type { HouseholdService } from './service';

async function view(service: HouseholdService, householdId: string) {
  const household = await service.get(householdId);
  const profiles = await service.listProfiles(householdId, undefined, household);
  return { ...household, profiles: profiles.map(({ id, name, locale, isDefault }) => ({ id, name, locale, isDefault })) };
}

export const householdRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['households'];
  app.get('/api/v1/household', { config: { scopes: ACCESS.mirror }, schema: { tags, response: { 200: HouseholdSchema, ...errorResponses } } }, async (request) =>
    view(app.households, householdOf(request)),
  );

  app.patch(
    '/api/v1/household',
    { schema: { tags, body: HouseholdPatchBody, response: { 200: HouseholdSchema, ...errorResponses } } },
    async (request) => {
      const householdId = householdOf(request);
      const { latitude, longitude } = request.body;
      // Giving a location implies consent to use it, unless the household said no (then it is kept, unused).
      if (latitude != null || longitude != null) await app.consents.grantImplied(householdId, 'location');
      await app.households.update(householdId, request.body);
      app.events.publish('household.updated', householdId, {});
      return view(app.households, householdId);
    },
  );

  app.get('/api/v1/profiles', { schema: { tags, response: { 200: Type.Object({ profiles: Type.Array(ProfileSchema) }), ...errorResponses } } }, async (request) => ({
    profiles: await app.households.listProfiles(householdOf(request)),
  }));

  app.post(
    '/api/v1/profiles',
    { schema: { tags, body: NewProfileBody, response: { 201: ProfileSchema, ...errorResponses } } },
    async (request, reply) => {
      const householdId = householdOf(request);
      const profile = await app.households.addProfile(householdId, request.body);
      app.events.publish('household.updated', householdId, {});
      return reply.status(201).send(profile);
    },
  );

  app.patch(
    '/api/v1/profiles/:id',
    { schema: { tags, params: IdParams, body: ProfilePatchBody, response: { 200: ProfileSchema, ...errorResponses } } },
    async (request) => {
      const householdId = householdOf(request);
      const profile = await app.households.updateProfile(householdId, request.params.id, request.body);
      app.events.publish('household.updated', householdId, {});
      return profile;
    },
  );
};
