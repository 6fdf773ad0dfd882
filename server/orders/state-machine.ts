/**
 * The one order state machine. Every status change goes through `canTransition`, so a webhook
 * replay, a late poll or a double click can never move an order backwards or out of a final state.
 */
export const ORDER_STATUSES = [
  'proposed',
  'approved',
  'scheduled',
  'placed',
  'confirmed',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Forward steps may be skipped (a store may report "shipped" without "confirmed"), never reversed. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  proposed: ['approved', 'cancelled'],
  approved: ['scheduled', 'cancelled'],
  scheduled: ['placed', 'cancelled', 'failed'],
  placed: ['confirmed', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'failed'],
  confirmed: ['shipped', 'out_for_delivery', 'delivered', 'cancelled', 'failed'],
  shipped: ['out_for_delivery', 'delivered', 'failed'],
  out_for_delivery: ['delivered', 'failed'],
  delivered: [],
  cancelled: [],
  failed: [],
};

/** Statuses of an order that is still going somewhere: at most one per supply (a partial unique index). */
export const IN_FLIGHT_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter(
  (s) => s !== 'delivered' && s !== 'cancelled' && s !== 'failed',
);

/** Statuses a person may still cancel: nothing has left the house yet. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['proposed', 'approved', 'scheduled'];

/** Statuses the store is now responsible for (tracked until delivered). */
export const AT_STORE_STATUSES: readonly OrderStatus[] = ['placed', 'confirmed', 'shipped', 'out_for_delivery'];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
