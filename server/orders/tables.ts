import type { OrderStatus } from './state-machine';

/** Tables owned by the orders capability (the store's schema picks them up). */

export interface OrdersTable {
  id: string;
  household_id: string;
  supply_id: string;
  store_id: string;
  sku: string;
  quantity: number;
  unit_price: number;
  total: number;
  currency: string;
  status: OrderStatus;
  /** The client's key (or a generated one): unique per household, it dedupes that household's requests. The store sees the order id instead. */
  idempotency_key: string;
  /** SHA-256 of the canonical request that used the key: same key with another body is refused. */
  request_hash: string;
  /** Why a proposal is waiting: asked by policy, or an auto order over a cap. */
  reason: string;
  channel: string;
  /** The order leaves the house at this time (end of the cancel window). */
  send_after: string | null;
  store_order_ref: string | null;
  failure: string | null;
  /** Size and unit of one pack as quoted when ordering: what a delivery adds (null on orders made before 0610). */
  pack_size: number | null;
  pack_unit: string | null;
  /** A proposal nobody answers by then is cancelled (and the supply's reorder wanted again). */
  expires_at: string | null;
  /** The key the store dedupes on: the order id (orders sent before 0610 keep the key they were sent with). */
  store_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderEventsTable {
  id: string;
  household_id: string;
  order_id: string;
  from_status: string | null;
  to_status: string;
  /** person, system or store. */
  actor: string;
  channel: string;
  detail: string | null;
  at: string;
}

export interface OutboxTable {
  id: string;
  household_id: string;
  order_id: string;
  kind: string;
  available_at: string;
  attempts: number;
  last_error: string | null;
  done_at: string | null;
  created_at: string;
  /** While an instance sends it: the row is its own until then (PostgreSQL fleets; 0620). */
  lease_until: string | null;
  leased_by: string | null;
}

/** The embedded simulated store's own book of orders (it plays the outside store, so it dedupes by key itself). */
export interface SimStoreOrdersTable {
  idempotency_key: string;
  ref: string;
  sku: string;
  quantity: number;
  placed_at: string;
  lead_hours: number;
  outcome: string;
}

export interface OrdersTables {
  orders: OrdersTable;
  order_events: OrderEventsTable;
  outbox: OutboxTable;
  sim_store_orders: SimStoreOrdersTable;
}
