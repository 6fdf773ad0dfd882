import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError, notFound } from '@server/core/errors';
import { errorResponses } from '@server/core/schemas';
import { WebhookBody, WebhookParams } from './schemas';

/**
 * Status callbacks from webhook stores. The signature covers the raw bytes, so this context keeps
 * the JSON body as text: verify first, parse and validate after. Registered in its own
 * encapsulated context so the raw parser applies to this route only.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/api/v1/orders/webhook/:storeId',
    {
      config: { auth: 'self' },
      schema: { tags: ['orders'], params: WebhookParams, response: { 200: Type.Object({ changed: Type.Boolean() }), ...errorResponses } },
    },
    async (request) => {
      const adapter = app.orders.stores.find(request.params.storeId);
      if (!adapter?.verifyCallback) throw notFound('store', { id: request.params.storeId });
      const raw = typeof request.body === 'string' ? request.body : '';
      if (!adapter.verifyCallback(raw, request.headers)) throw new AppError('orders.badSignature', 401);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new AppError('errors.invalidJson', 400);
      }
      if (!Value.Check(WebhookBody, body)) {
        const first = Value.Errors(WebhookBody, body).First();
        throw new AppError('errors.validationFailed', 400, { where: `body${first?.path ?? ''}`, detail: first?.message ?? 'is invalid' });
      }
      const order = await app.store.db.selectFrom('orders').select(['id', 'store_order_ref']).where('id', '=', body.orderId).where('store_id', '=', adapter.id).executeTakeFirst();
      if (!order) throw notFound('order', { id: body.orderId });
      if (body.ref && order.store_order_ref && body.ref !== order.store_order_ref) throw new AppError('orders.refMismatch', 409);
      return { changed: await app.orders.applyStoreStatus(order.id, body.status) };
    },
  );
};
