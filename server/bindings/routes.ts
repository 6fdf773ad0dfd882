import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@server/core/schemas';
import { householdOf } from '@server/plugins/auth';
import type { ListenSessions } from './listen';
import { BindingPatchBody, BindingSchema, ListenBody, ListenSessionSchema, NewBindingBody } from './schemas';

const responses = { ...errorResponses, 503: Type.Ref('ErrorResponse') };

export function bindingsRoutes(listen: ListenSessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['bindings'];

    app.get('/api/v1/bindings', { schema: { tags, response: { 200: Type.Object({ bindings: Type.Array(BindingSchema) }), ...errorResponses } } }, async (request) => ({
      bindings: await app.bindings.list(householdOf(request)),
    }));

    app.post('/api/v1/bindings', { schema: { tags, body: NewBindingBody, response: { 201: BindingSchema, ...errorResponses } } }, async (request, reply) =>
      reply.status(201).send(await app.bindings.create(householdOf(request), request.body)),
    );

    app.get('/api/v1/bindings/:id', { schema: { tags, params: IdParams, response: { 200: BindingSchema, ...errorResponses } } }, async (request) =>
      app.bindings.get(householdOf(request), request.params.id),
    );

    app.patch('/api/v1/bindings/:id', { schema: { tags, params: IdParams, body: BindingPatchBody, response: { 200: BindingSchema, ...errorResponses } } }, async (request) =>
      app.bindings.update(householdOf(request), request.params.id, request.body),
    );

    app.delete('/api/v1/bindings/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
      await app.bindings.remove(householdOf(request), request.params.id);
      return reply.status(204).send(null);
    });

    app.post(
      '/api/v1/bindings/listen',
      { schema: { tags, summary: 'Listen on a topic for two minutes, to pick the field a binding reads', body: ListenBody, response: { 201: ListenSessionSchema, ...responses } } },
      async (request, reply) => reply.status(201).send(await listen.start(householdOf(request), request.body.topic)),
    );

    app.get('/api/v1/bindings/listen/:id', { schema: { tags, params: IdParams, response: { 200: ListenSessionSchema, ...errorResponses } } }, async (request) =>
      listen.get(householdOf(request), request.params.id),
    );

    app.delete('/api/v1/bindings/listen/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
      listen.stop(householdOf(request), request.params.id);
      return reply.status(204).send(null);
    });
  };
}
