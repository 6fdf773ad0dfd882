import { Type } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';
import { ORDER_STATUSES } from './state-machine';

const Status = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

export const OrderSchema = Type.Object({
  id: Type.String(),
  supplyId: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer(),
  total: Type.Number(),
  currency: Type.String(),
  status: Status,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  supplyName: Type.String(),
  storeId: Type.String(),
  unitPrice: Type.Number(),
  reason: Type.String(),
  channel: Type.String(),
  sendAfter: Type.Union([Type.String(), Type.Null()]),
  storeOrderRef: Type.Union([Type.String(), Type.Null()]),
  failure: Type.Union([Type.String(), Type.Null()]),
});

export const NewOrderBody = StrictObject({
  supplyId: Type.String({ minLength: 1, maxLength: 64 }),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' })),
});

export const OrdersQuery = Type.Object({
  status: Type.Optional(Status),
});

export const ProductSchema = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  price: Type.Number(),
  currency: Type.String(),
  packSize: Type.Number(),
  unit: Type.String(),
});

export const ProductsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  store: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' })),
});

export const CostSchema = Type.Object({
  sku: Type.String(),
  storeId: Type.String(),
  name: Type.String(),
  supplyIds: Type.Array(Type.String()),
  unit: Type.String(),
  consumed: Type.Number(),
  daysObserved: Type.Number(),
  spend: Type.Number(),
  costPerDay: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.String(),
});

export const WebhookParams = Type.Object({ storeId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }) });

/** A store's status callback: our order id (sent as `orderId` when placing) and its new status. */
export const WebhookBody = StrictObject({
  orderId: Type.String({ minLength: 1, maxLength: 64 }),
  ref: Type.Optional(Type.String({ maxLength: 128 })),
  status: Status,
  at: Type.Optional(Type.String({ maxLength: 40 })),
});
