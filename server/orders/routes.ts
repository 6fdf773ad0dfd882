import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { newId } from '@server/core/ids';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, channelOf, householdOf } from '@server/plugins/auth';
import { askStore } from './stores/registry';
import { ApproveBody, CostSchema, IdempotencyHeaders, NewOrderBody, OrderSchema, OrdersQuery, ProductSchema, ProductsQuery, QuoteBody, QuoteSchema } from './schemas';

const AuditSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.String(),
  actor: Type.String(),
  channel: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const ordersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['orders'];

  app.get('/api/v1/store/products', { schema: { tags, querystring: ProductsQuery, response: { 200: Type.Object({ products: Type.Array(ProductSchema) }), ...errorResponses } } }, async (request) => {
    const household = await app.households.get(householdOf(request));
    const adapter = app.orders.stores.get(request.query.store ?? 'simulated');
    return { products: await askStore(adapter.id, () => adapter.search(request.query.q ?? '', household.currency, household.locale)) };
  });

  app.get('/api/v1/supplies/costs', { schema: { tags: ['supplies'], response: { 200: Type.Object({ costs: Type.Array(CostSchema) }), ...errorResponses } } }, async (request) => ({
    costs: await app.orders.costs(householdOf(request)),
  }));

  app.post('/api/v1/orders/quote', { schema: { tags, body: QuoteBody, response: { 200: QuoteSchema, ...errorResponses } } }, async (request) =>
    app.orders.quote(householdOf(request), request.body.supplyId, request.body.quantity),
  );

  app.get('/api/v1/orders', { config: { scopes: ACCESS.mirror }, schema: { tags, querystring: OrdersQuery, response: { 200: Type.Object({ orders: Type.Array(OrderSchema) }), ...errorResponses } } }, async (request) => ({
    orders: await app.orders.list(householdOf(request), { status: request.query.status }),
  }));

  app.post(
    '/api/v1/orders',
    { schema: { tags, headers: IdempotencyHeaders, body: NewOrderBody, response: { 201: OrderSchema, ...errorResponses } } },
    async (request, reply) => {
      // Without a key the request is still safe from doubles (one order in flight per supply), only not replayable.
      const idempotencyKey = request.headers['idempotency-key'] ?? `api:${newId()}`;
      const { total, overrideCap, ...body } = request.body;
      const { order, created } = await app.orders.create(householdOf(request), { ...body, confirmedTotal: total, overrideCap, idempotencyKey, channel: 'api' });
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(order);
    },
  );

  app.get('/api/v1/orders/:id', { schema: { tags, params: IdParams, response: { 200: OrderSchema, ...errorResponses } } }, async (request) =>
    app.orders.get(householdOf(request), request.params.id),
  );

  app.get('/api/v1/orders/:id/events', { schema: { tags, params: IdParams, response: { 200: Type.Object({ events: Type.Array(AuditSchema) }), ...errorResponses } } }, async (request) => {
    const householdId = householdOf(request);
    await app.orders.get(householdId, request.params.id);
    return { events: await app.orders.history(householdId, request.params.id) };
  });

  app.post('/api/v1/orders/:id/cancel', { schema: { tags, params: IdParams, response: { 200: OrderSchema, ...errorResponses } } }, async (request) =>
    app.orders.cancel(householdOf(request), request.params.id, 'api'),
  );

  app.get('/api/v1/proposals', { config: { scopes: ACCESS.mirror }, schema: { tags, response: { 200: Type.Object({ proposals: Type.Array(OrderSchema) }), ...errorResponses } } }, async (request) => ({
    proposals: await app.orders.listProposals(householdOf(request)),
  }));

  app.post(
    '/api/v1/proposals/:id/approve',
    {
      config: { scopes: ACCESS.mirror },
      // No body at all is an approval without extras (the mirror's plain button).
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: { tags, params: IdParams, body: ApproveBody, response: { 200: OrderSchema, ...errorResponses } },
    },
    async (request) => app.orders.approve(householdOf(request), request.params.id, channelOf(request), { confirmedTotal: request.body.total, overrideCap: request.body.overrideCap }),
  );

  app.post('/api/v1/proposals/:id/decline', { config: { scopes: ACCESS.mirror }, schema: { tags, params: IdParams, response: { 200: OrderSchema, ...errorResponses } } }, async (request) =>
    app.orders.decline(householdOf(request), request.params.id, channelOf(request)),
  );
};
