import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, householdOf, personOf } from '@server/plugins/auth';
import { HouseholdPatchBody, HouseholdSchema, NewProfileBody, PersonRemovalSchema, ProfilePatchBody, ProfileSchema } from './schemas';
import type { HouseholdService } from './service';

/** The household with its people; the mirror's display token does not see who is linked to which voice. */
async function view(service: HouseholdService, householdId: string, withVoice: boolean) {
  const household = await service.get(householdId);
  const profiles = await service.listProfiles(householdId, undefined, household);
  return {
    ...household,
    profiles: profiles.map(({ id, name, locale, isDefault, comfort, voicePersonId }) => ({ id, name, locale, isDefault, comfort, ...(withVoice ? { voicePersonId } : {}) })),
  };
}

export const householdRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['households'];
  app.get('/api/v1/household', { config: { scopes: ACCESS.mirror }, schema: { tags, response: { 200: HouseholdSchema, ...errorResponses } } }, async (request, reply) => {
    const householdId = householdOf(request);
    const withVoice = personOf(request).scope !== 'display';
    // Written by this route's own serializer, then kept: the same bytes as serializing each time.
    const body = await app.households.renderedView(householdId, withVoice ? 'people' : 'display', async () =>
      String(reply.serialize(await view(app.households, householdId, withVoice))),
    );
    return reply.type('application/json; charset=utf-8').send(body);
  });

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
      return view(app.households, householdId, true);
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

  app.get(
    '/api/v1/profiles/:id/removal',
    { schema: { tags, summary: 'What removing this person would delete (for the confirmation)', params: IdParams, response: { 200: PersonRemovalSchema, ...errorResponses } } },
    async (request) => app.households.removalOf(householdOf(request), request.params.id),
  );

  app.delete(
    '/api/v1/profiles/:id',
    {
      schema: {
        tags,
        summary: 'Remove a person with their garments, feedback and own calendars (409 LAST_PERSON for the last one)',
        params: IdParams,
        response: { 200: Type.Object({ removed: PersonRemovalSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const householdId = householdOf(request);
      const { removed, photos } = await app.households.removeProfile(householdId, request.params.id);
      // The rows are gone; their photo files follow (a file left behind is harmless, a row without its file is not).
      for (const photo of photos) app.wardrobePhotos.remove(householdId, photo);
      app.events.publish('household.updated', householdId, {});
      if (removed.garments > 0) app.events.publish('wardrobe.updated', householdId, {});
      if (removed.calendars > 0) app.events.publish('agenda.updated', householdId, {});
      return { removed };
    },
  );
};
