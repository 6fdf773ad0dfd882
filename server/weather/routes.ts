import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { Geocoder } from './geocoding';
import { PlaceList, PlaceQuery, WeatherQuery, WeatherReportSchema } from './schemas';

export const weatherRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const geocoder = new Geocoder(app.config.geocodingUrl);
  app.get(
    '/api/v1/places',
    {
      schema: {
        tags: ['weather'],
        summary: 'City search for the household’s location (Open-Meteo geocoding); 503 GEOCODING_UNAVAILABLE without internet',
        querystring: PlaceQuery,
        response: { 200: PlaceList, ...errorResponses },
      },
    },
    async (request) => {
      householdOf(request);
      return { places: await geocoder.search(request.query.q.trim(), request.query.language ?? 'en') };
    },
  );

  app.get(
    '/api/v1/weather',
    { config: { scopes: ACCESS.mirror }, schema: { tags: ['weather'], querystring: WeatherQuery, response: { 200: WeatherReportSchema, ...errorResponses } } },
    async (request) => app.weather.forecast(householdOf(request), { hours: request.query.hours }),
  );
};
