import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { WeatherReportSchema } from './schemas';

export const weatherRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/weather',
    { config: { scopes: ACCESS.mirror }, schema: { tags: ['weather'], response: { 200: WeatherReportSchema, ...errorResponses } } },
    async (request) => app.weather.forecast(householdOf(request)),
  );
};
