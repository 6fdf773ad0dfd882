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
  /** A proposal not approved by then is withdrawn; null for other orders. */
  expiresAt: string | null;
}

/** The cap an order would go over. */
export type CapExceeded = 'overPerOrderCap' | 'overMonthlyCap';

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
  /** One pack as the store sells it today: what a delivery of this order will add. */
  packSize: number;
  packUnit: string;
  /** The cap this order would go over (a person may still order it, by saying so explicitly), or null. */
  overCap: CapExceeded | null;
}

export interface CreateOrderInput {
  supplyId: string;
  quantity?: number;
  idempotencyKey: string;
  channel: OrderChannel;
  /** The total the person agreed to (the quote they saw or heard): the order is refused when the store's price now differs. */
  confirmedTotal?: number;
  confirmedCurrency?: string;
  /** The person said explicitly to go over the supply's spending cap. */
  overrideCap?: boolean;
}

export interface ApproveOptions {
  /** The total the person saw on the proposal; refused when the store's price now differs. */
  confirmedTotal?: number;
  /** The person said explicitly to go over the supply's spending cap. */
  overrideCap?: boolean;
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

/** Where the background paths report what they skipped over (the app's pino logger fits). */
export interface OrdersLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
