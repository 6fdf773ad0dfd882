import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { overridesFrom } from './what-if';
import { FeedbackBody, FeedbackResponse, PersonalisationResponse, ProfileQuery, SuggestBody, SuggestionResponse, SwapBody, SwapResponse, TodayQuery, TodayResponse } from './schemas';

export const outfitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['outfits'];
  const service = app.outfits;

  // With the garments its outfits name, as the wardrobe lists them: a screen showing the outfit
  // (the mirror) needs those few, not the whole wardrobe (2,000 pieces in a large home).
  app.get('/api/v1/outfits/today', { config: { scopes: ACCESS.mirror }, schema: { tags, querystring: TodayQuery, response: { 200: TodayResponse, ...errorResponses } } }, async (request) => {
    const householdId = householdOf(request);
    const suggestion = await service.suggest(householdId, { profileId: request.query.profile, date: request.query.date });
    const ids = [...new Set(suggestion.outfits.flatMap((outfit) => outfit.garmentIds))];
    return { ...suggestion, garments: await app.wardrobe.list(householdId, { ids }) };
  });

  app.post('/api/v1/outfits/suggest', { schema: { tags, body: SuggestBody, response: { 200: SuggestionResponse, ...errorResponses } } }, async (request) => {
    const { date, profile } = request.body;
    return service.suggest(householdOf(request), { profileId: profile, date, overrides: overridesFrom(request.body) });
  });

  app.post('/api/v1/outfits/feedback', { schema: { tags, body: FeedbackBody, response: { 201: FeedbackResponse, ...errorResponses } } }, async (request, reply) => {
    const { profile, ...rest } = request.body;
    return reply.status(201).send(await service.feedback(householdOf(request), { ...rest, profileId: profile }));
  });

  // Reads only (nothing is recorded): safe to repeat.
  app.post('/api/v1/outfits/swap', { schema: { tags, body: SwapBody, response: { 200: SwapResponse, ...errorResponses } } }, async (request) => {
    const { profile, ...rest } = request.body;
    return service.swap(householdOf(request), { ...rest, profileId: profile });
  });

  app.get('/api/v1/outfits/personalisation', { schema: { tags, querystring: ProfileQuery, response: { 200: PersonalisationResponse, ...errorResponses } } }, async (request) =>
    service.personalisation(householdOf(request), request.query.profile),
  );

  app.delete('/api/v1/outfits/personalisation', { schema: { tags, querystring: ProfileQuery, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await service.resetPersonalisation(householdOf(request), request.query.profile);
    return reply.status(204).send(null);
  });
};
