import type { OrderStatus } from '@server/orders/state-machine';

/**
 * Miroir's order statuses that Alexa's `AMAZON.OrderStatus.Updated` schema can say. Proposals,
 * schedules and cancellations have no status there; a failed order has none either (Amazon's
 * closest, ORDER_OUT_OF_STOCK, would often be untrue): the mirror and the app tell those.
 */
export const ALEXA_ORDER_STATUS: Partial<Record<OrderStatus, string>> = {
  placed: 'ORDER_RECEIVED',
  confirmed: 'ORDER_PREPARING',
  shipped: 'ORDER_SHIPPED',
  out_for_delivery: 'ORDER_OUT_FOR_DELIVERY',
  delivered: 'ORDER_DELIVERED',
};

/** Events stay deliverable a day: a shipping notice read a week later helps nobody. */
const EXPIRY_MS = 24 * 3600_000;

/**
 * One Proactive Event to one Alexa user (Unicast: never a broadcast to every user of the skill).
 * It says the order's status and the seller's name, nothing else: no product suggestion, no offer.
 */
export function orderStatusEvent(input: { orderId: string; status: string; userId: string; now: Date }): object {
  return {
    timestamp: input.now.toISOString(),
    referenceId: `${input.orderId}:${input.status}`,
    expiryTime: new Date(input.now.getTime() + EXPIRY_MS).toISOString(),
    event: {
      name: 'AMAZON.OrderStatus.Updated',
      payload: { state: { status: input.status }, order: { seller: { name: 'localizedattribute:sellerName' } } },
    },
    localizedAttributes: ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'fr-FR', 'fr-CA'].map((locale) => ({ locale, sellerName: 'Miroir' })),
    relevantAudience: { type: 'Unicast', payload: { user: input.userId } },
  };
}
