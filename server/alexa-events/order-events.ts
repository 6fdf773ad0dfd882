import type { OrderStatus } from '@server/orders/state-machine';

/**
 * Miroir's order statuses that Alexa's `AMAZON.OrderStatus.Updated` schema can say. Proposals,
 * schedules and cancellations have no status there; a failed order has none either (Amazon's
 * closest, ORDER_OUT_OF_STOCK, would often be untrue): those go as a message alert instead.
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
const LOCALES = ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'fr-FR', 'fr-CA'];

function envelope(input: { referenceId: string; userId: string; now: Date }, event: object, attribute: string) {
  return {
    timestamp: input.now.toISOString(),
    referenceId: input.referenceId,
    expiryTime: new Date(input.now.getTime() + EXPIRY_MS).toISOString(),
    event,
    localizedAttributes: LOCALES.map((locale) => ({ locale, [attribute]: 'Miroir' })),
    // Unicast to one user: never a broadcast to every user of the skill.
    relevantAudience: { type: 'Unicast', payload: { user: input.userId } },
  };
}

/** One order status to one Alexa user: the status and the seller's name, nothing else (no product, no offer). */
export function orderStatusEvent(input: { orderId: string; status: string; userId: string; now: Date }): object {
  return envelope(
    { referenceId: `${input.orderId}:${input.status}`, userId: input.userId, now: input.now },
    { name: 'AMAZON.OrderStatus.Updated', payload: { state: { status: input.status }, order: { seller: { name: 'localizedattribute:sellerName' } } } },
    'sellerName',
  );
}

/** Why Miroir has a message waiting in the skill. */
export type MessageReason = 'proposal' | 'failed';

/**
 * "You have one new message from Miroir": all Alexa says, since its schemas have no honest words
 * for a failed order or a proposal waiting for approval. Not urgent (nothing here is), one per
 * order and reason (`referenceId`), and what it is about is said by the skill when opened.
 */
export function messageAlertEvent(input: { orderId: string; reason: MessageReason; userId: string; now: Date }): object {
  return envelope(
    { referenceId: `${input.orderId}:message:${input.reason}`, userId: input.userId, now: input.now },
    { name: 'AMAZON.MessageAlert.Activated', payload: { state: { status: 'UNREAD', freshness: 'NEW' }, messageGroup: { creator: { name: 'localizedattribute:creatorName' }, count: 1 } } },
    'creatorName',
  );
}
