import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { householdOf } from '@server/plugins/auth';
import { HomeAssistantBody, HomeAssistantSchema } from './schemas';

export const homeAssistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['home-assistant'];
  const view = async (householdId: string) => ({
    ...(await app.homeAssistant.get(householdId)),
    prefix: app.config.haDiscoveryPrefix,
    mqtt: Boolean(app.config.mqttUrl),
  });

  app.get('/api/v1/home-assistant', { schema: { tags, summary: 'Whether this household’s supplies are published to Home Assistant (MQTT discovery)', response: { 200: HomeAssistantSchema, ...errorResponses } } }, async (request) =>
    view(householdOf(request)),
  );

  app.put('/api/v1/home-assistant', { schema: { tags, body: HomeAssistantBody, response: { 200: HomeAssistantSchema, ...errorResponses } } }, async (request) => {
    const householdId = householdOf(request);
    await app.homeAssistant.set(householdId, request.body.enabled);
    return view(householdId);
  });
};
