import type { OrderStatus } from './state-machine';

export type { OrderStatus };

/** Where a person acted from; automation acts as `system`, the store's callbacks as `store`. */
export type OrderChannel = 'api' | 'alexa' | 'google' | 'mirror' | 'home_assistant';
export type AuditChannel = OrderChannel | 'system' | 'store';
export type Actor = 'person' | 'system' | 'store';

/** The Order of CONTRACT.md, plus read-only extras (added, never renamed). */
export interface Order {
  id: string;
  supplyId: string;
  sku: string;
  quantity: number;
  total: number;
  currency: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  supplyName: string;
  storeId: string;
  unitPrice: number;
  /** Why it exists or waits: `requested`, `policy`, `askPolicy`, `overPerOrderCap`, `overMonthlyCap`. */
  reason: string;
  channel: string;
  /** End of the cancel window: the order leaves the house after this. */
  sendAfter: string | null;
  storeOrderRef: string | null;
  failure: string | null;
}

/** What a voice confirmation speaks before ordering: product, quantity, total, currency. */
export interface Quote {
  supplyId: string;
  supplyName: string;
  storeId: string;
  sku: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  total: number;
  currency: string;
  leadDays: number;
}

export interface CreateOrderInput {
  supplyId: string;
  quantity?: number;
  idempotencyKey: string;
  channel: OrderChannel;
}

export interface CreateOrderResult {
  order: Order;
  /** False when the idempotency key had already created this order (a replay: nothing new happened). */
  created: boolean;
}

export interface OrderAuditEntry {
  id: string;
  orderId: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  channel: string;
  detail: string | null;
  at: string;
}

/** Per product a household actually consumed: what it costs per day of use, from measured levels. */
export interface ProductCost {
  sku: string;
  storeId: string;
  name: string;
  supplyIds: string[];
  unit: string;
  consumed: number;
  daysObserved: number;
  /** Money spent on delivered orders of this product over the same period. */
  spend: number;
  costPerDay: number | null;
  currency: string;
}

export interface ProcessSummary {
  dueSupplies: number;
  dispatched: number;
  failed: number;
  tracked: number;
}
