import { Type } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';
import { MAX_QUANTITY } from './limits';
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
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});

export const QuoteBody = StrictObject({
  supplyId: Type.String({ minLength: 1, maxLength: 64 }),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_QUANTITY })),
});

const ConfirmedTotal = Type.Number({ minimum: 0, maximum: 1e6, description: 'the total the person agreed to (from the quote or the proposal): refused with 409 PRICE_CHANGED when the price now differs' });
const OverrideCap = Type.Boolean({ description: 'true only when the person said explicitly to go over the supply spending cap (else 422 OVER_PER_ORDER_CAP / OVER_MONTHLY_CAP)' });

export const NewOrderBody = StrictObject({
  ...QuoteBody.properties,
  total: Type.Optional(ConfirmedTotal),
  overrideCap: Type.Optional(OverrideCap),
});

/** Approving a proposal may carry what the person saw and an explicit go-ahead over a cap; an empty body is fine. */
export const ApproveBody = StrictObject({
  total: Type.Optional(ConfirmedTotal),
  overrideCap: Type.Optional(OverrideCap),
});

export const QuoteSchema = Type.Object({
  supplyId: Type.String(),
  supplyName: Type.String(),
  storeId: Type.String(),
  sku: Type.String(),
  productName: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.Number(),
  total: Type.Number(),
  currency: Type.String(),
  leadDays: Type.Number(),
  packSize: Type.Number(),
  packUnit: Type.String(),
  overCap: Type.Union([Type.Literal('overPerOrderCap'), Type.Literal('overMonthlyCap'), Type.Null()]),
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
