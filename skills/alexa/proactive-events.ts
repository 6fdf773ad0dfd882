/**
 * The Proactive Events schemas Miroir publishes, named once: the manifest declares them, the skill
 * records which of them a person allowed, the notifier sends each only to those who allowed it.
 * `AMAZON.OrderStatus.Updated` says what happened to an order when Amazon has a status for it;
 * `AMAZON.MessageAlert.Activated` ("You have one new message from Miroir") is for what it has none
 * for (a failed order, a proposal waiting for approval): the skill, once opened, says what it is.
 */
export const PUBLISHED_EVENTS = ['AMAZON.OrderStatus.Updated', 'AMAZON.MessageAlert.Activated'] as const;
export type PublishedEvent = (typeof PUBLISHED_EVENTS)[number];
