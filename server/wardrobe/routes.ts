import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { errorResponses, IdParams } from '@server/core/schemas';
import { householdOf } from '@server/plugins/auth';
import { KINDS, KNOWN_KINDS } from './kinds';
import { GarmentList, GarmentListQuery, GarmentPatchBody, GarmentSchema, KindList, NewGarmentBody, WornBody, WornList, WornQuery } from './schemas';

/** Garments and the wear log. Photos have their own encapsulated routes (photo-routes.ts). */
export const wardrobeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['wardrobe'];
  const service = app.wardrobe;

  // The one kinds table, so a client fills warmth and formality from the kind without a copy of it.
  const kinds: KindList = {
    kinds: KNOWN_KINDS.map((kind) => {
      const info = KINDS[kind];
      return { kind, category: info.category, warmth: info.clo, formality: info.formality, waterproof: info.waterproof };
    }),
  };
  app.get('/api/v1/wardrobe/kinds', { schema: { tags, response: { 200: KindList, ...errorResponses } } }, async (request) => {
    householdOf(request);
    return kinds;
  });

  // People only: the mirror shows the garments of today's outfits, which come with them (outfits/today).
  app.get('/api/v1/wardrobe/items', { schema: { tags, querystring: GarmentListQuery, response: { 200: GarmentList, ...errorResponses } } }, async (request) => {
    const householdId = householdOf(request);
    const { profile, ...filter } = request.query;
    const profileId = profile ? (await app.households.resolveProfile(householdId, profile)).id : undefined;
    return { items: await service.list(householdId, { ...filter, profileId }) };
  });

  app.post('/api/v1/wardrobe/items', { schema: { tags, body: NewGarmentBody, response: { 201: GarmentSchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await service.create(householdOf(request), request.body)),
  );

  app.get('/api/v1/wardrobe/items/:id', { schema: { tags, params: IdParams, response: { 200: GarmentSchema, ...errorResponses } } }, async (request) =>
    service.get(householdOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/wardrobe/items/:id',
    { schema: { tags, params: IdParams, body: GarmentPatchBody, response: { 200: GarmentSchema, ...errorResponses } } },
    async (request) => service.update(householdOf(request), request.params.id, request.body),
  );

  app.delete('/api/v1/wardrobe/items/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    const householdId = householdOf(request);
    const photo = await service.remove(householdId, request.params.id);
    app.wardrobePhotos.remove(householdId, photo);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/wardrobe/worn', { schema: { tags, body: WornBody, response: { 201: WornList, ...errorResponses } } }, async (request, reply) => {
    const householdId = householdOf(request);
    const household = await app.households.get(householdId);
    const profile = await app.households.resolveProfile(householdId, request.body.profile);
    const date = request.body.date ?? DateTime.fromJSDate(app.clock.now(), { zone: household.timezone }).toISODate()!;
    const worn = await service.recordWorn(householdId, profile.id, request.body.garmentIds, date);
    return reply.status(201).send({ worn });
  });

  app.get('/api/v1/wardrobe/worn', { schema: { tags, querystring: WornQuery, response: { 200: WornList, ...errorResponses } } }, async (request) => {
    const householdId = householdOf(request);
    const profileId = request.query.profile ? (await app.households.resolveProfile(householdId, request.query.profile)).id : null;
    return { worn: await service.wornBetween(householdId, profileId, request.query.from, request.query.to) };
  });
};
