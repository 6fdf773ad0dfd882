import type { Clock } from '@server/core/clock';
import type { OrderChange } from '@server/orders/effects';
import type { Queryable, Tx } from '@server/store/store';
import type { PublishedEvent } from '@skills/alexa/proactive-events';
import { ALEXA_ORDER_STATUS, messageAlertEvent, orderStatusEvent, type MessageReason } from './order-events';
import type { AlexaEventOutbox } from './outbox';

export interface AlexaNotifierDeps {
  clock: Clock;
  outbox: AlexaEventOutbox;
  /** The household's Alexa users who allowed this kind of event (AlexaSkillEvent.ProactiveSubscriptionChanged), read through `db`. */
  subscribers(householdId: string, eventName: PublishedEvent, db: Queryable): Promise<string[]>;
  onError(err: unknown): void;
}

/**
 * Order news spoken by Alexa: a status Alexa can say as `AMAZON.OrderStatus.Updated`; a failed
 * order or a proposal waiting for approval as a message alert (the skill says what it is when
 * opened). Each goes only to the household's Alexa users who allowed that kind, through the
 * store outbox. The rows are written by `record`, an in-transaction effect of the orders service:
 * in the very transaction that changes the order, so a committed change always has its events
 * and a rolled-back one has none. Sending happens after the commit (`kick`).
 */
export class AlexaOrderNotifier {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AlexaNotifierDeps) {}

  /** The events this order change causes, written in the change's transaction (no network here). */
  async record(tx: Tx, change: OrderChange): Promise<void> {
    if (change.kind === 'proposal') return this.write(tx, change.householdId, 'AMAZON.MessageAlert.Activated', (userId, now) => messageAlertEvent({ orderId: change.orderId, reason: 'proposal', userId, now }));
    // A repriced proposal is not news: only a status that moved is told.
    if (change.status === change.previousStatus) return;
    const alexaStatus = ALEXA_ORDER_STATUS[change.status];
    if (alexaStatus) return this.write(tx, change.householdId, 'AMAZON.OrderStatus.Updated', (userId, now) => orderStatusEvent({ orderId: change.orderId, status: alexaStatus, userId, now }));
    if (change.status === 'failed') return this.message(tx, change.householdId, change.orderId, 'failed');
  }

  /** Waits until the send passes asked for so far have run (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  /** A send pass now: after an order change committed, at start-up, and from the periodic job. */
  kick(): void {
    this.chain = this.chain.then(() => this.deps.outbox.dispatchDue().then(() => undefined)).catch((err: unknown) => this.deps.onError(err));
  }

  private message(tx: Tx, householdId: string, orderId: string, reason: MessageReason): Promise<void> {
    return this.write(tx, householdId, 'AMAZON.MessageAlert.Activated', (userId, now) => messageAlertEvent({ orderId, reason, userId, now }));
  }

  private async write(tx: Tx, householdId: string, eventName: PublishedEvent, build: (userId: string, now: Date) => object): Promise<void> {
    const users = await this.deps.subscribers(householdId, eventName, tx);
    const now = this.deps.clock.now();
    await this.deps.outbox.enqueueIn(tx, householdId, users.map((userId) => ({ userId, body: build(userId, now) })));
  }
}
