import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { forbidden } from '@server/core/errors';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, deviceOf, householdOf } from '@server/plugins/auth';
import { DeviceSchema, HistoryQuery, NewDeviceBody, NewSupplyBody, SupplyHistory, SupplyPatchBody, SupplySchema, TelemetryBody, TelemetryResponse } from './schemas';

export const suppliesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['supplies'];

  app.get('/api/v1/supplies', { config: { scopes: ACCESS.mirror }, schema: { tags, response: { 200: Type.Object({ supplies: Type.Array(SupplySchema) }), ...errorResponses } } }, async (request) => ({
    supplies: await app.supplies.list(householdOf(request)),
  }));

  app.post('/api/v1/supplies', { schema: { tags, body: NewSupplyBody, response: { 201: SupplySchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await app.supplies.create(householdOf(request), request.body)),
  );

  app.patch('/api/v1/supplies/:id', { schema: { tags, params: IdParams, body: SupplyPatchBody, response: { 200: SupplySchema, ...errorResponses } } }, async (request) =>
    app.supplies.update(householdOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/supplies/:id/history',
    { schema: { tags, params: IdParams, querystring: HistoryQuery, response: { 200: SupplyHistory, ...errorResponses } } },
    async (request) => app.supplies.history(householdOf(request), request.params.id, request.query.days),
  );

  app.delete('/api/v1/supplies/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await app.supplies.remove(householdOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/devices', { schema: { tags, response: { 200: Type.Object({ devices: Type.Array(DeviceSchema) }), ...errorResponses } } }, async (request) => ({
    devices: await app.supplies.listDevices(householdOf(request)),
  }));

  app.post(
    '/api/v1/devices',
    { schema: { tags, body: NewDeviceBody, response: { 201: Type.Object({ id: Type.String(), token: Type.String() }), ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await app.supplies.createDevice(householdOf(request), request.body)),
  );

  app.delete('/api/v1/devices/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await app.supplies.removeDevice(householdOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post(
    '/api/v1/devices/:id/telemetry',
    { config: { scopes: ACCESS.device }, schema: { tags, params: IdParams, body: TelemetryBody, response: { 200: TelemetryResponse, ...errorResponses } } },
    async (request) => {
      const device = deviceOf(request);
      // A device token speaks only for its own device id.
      if (device.deviceId !== request.params.id) throw forbidden('supplies.notThisDevice');
      return app.supplies.ingest(device.householdId, device.deviceId, request.body.readings);
    },
  );
};
