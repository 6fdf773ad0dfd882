import type { OrderStatus } from '../state-machine';

export interface Product {
  sku: string;
  name: string;
  price: number;
  currency: string;
  packSize: number;
  unit: string;
}

export interface PlaceRequest {
  /** Unique to the order (never the client's own key, which is only unique per household): the store must treat a resend with the same key as the same order. */
  idempotencyKey: string;
  orderId: string;
  sku: string;
  quantity: number;
  currency: string;
  total: number;
}

export interface PlaceReceipt {
  ref: string;
  status: OrderStatus;
}

/** `retriable` failures are tried again later with the same key; the others fail the order. */
export class StoreError extends Error {
  constructor(message: string, readonly retriable: boolean) {
    super(message);
    this.name = 'StoreError';
  }
}

/** One interface for every store: the embedded simulated one and real ones behind a signed webhook. */
export interface StoreAdapter {
  readonly id: string;
  search(query: string, currency: string, locale: string): Promise<Product[]>;
  product(sku: string, currency: string, locale: string): Promise<Product | null>;
  /** Days from placing to the door; synchronous because forecasts ask for it on every reading. */
  leadDays(sku: string | null): number;
  place(request: PlaceRequest): Promise<PlaceReceipt>;
  /** Stores without callbacks are polled for their orders' progress. */
  status?(ref: string): Promise<OrderStatus | null>;
  /** Stores with callbacks verify them here (signature over the raw body). */
  verifyCallback?(rawBody: string, headers: Record<string, string | string[] | undefined>): boolean;
}
