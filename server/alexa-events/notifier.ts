import type { Clock } from '@server/core/clock';
import type { OrderStatus } from '@server/orders/state-machine';
import type { PublishedEvent } from '@skills/alexa/proactive-events';
import { ALEXA_ORDER_STATUS, messageAlertEvent, orderStatusEvent, type MessageReason } from './order-events';
import type { AlexaEventOutbox } from './outbox';

export interface AlexaNotifierDeps {
  clock: Clock;
  outbox: AlexaEventOutbox;
  /** The household's Alexa users who allowed this kind of event (AlexaSkillEvent.ProactiveSubscriptionChanged). */
  subscribers(householdId: string, eventName: PublishedEvent): Promise<string[]>;
  onError(err: unknown): void;
}

/**
 * Order news spoken by Alexa: a status Alexa can say as `AMAZON.OrderStatus.Updated`; a failed
 * order or a proposal waiting for approval as a message alert (the skill says what it is when
 * opened). Each goes only to the household's Alexa users who allowed that kind, through the
 * store outbox (written first, then sent), so nothing is lost to a restart or a gateway hiccup.
 */
export class AlexaOrderNotifier {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AlexaNotifierDeps) {}

  orderUpdated(householdId: string, orderId: string, status: string): void {
    const alexaStatus = ALEXA_ORDER_STATUS[status as OrderStatus];
    if (alexaStatus) this.queue(householdId, 'AMAZON.OrderStatus.Updated', (userId, now) => orderStatusEvent({ orderId, status: alexaStatus, userId, now }));
    else if (status === 'failed') this.message(householdId, orderId, 'failed');
  }

  proposalCreated(householdId: string, orderId: string): void {
    this.message(householdId, orderId, 'proposal');
  }

  /** Waits until what was queued so far is in the outbox and one send pass has run (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  /** A send pass now (the periodic job and start-up call it too). */
  kick(): void {
    this.chain = this.chain.then(() => this.deps.outbox.dispatchDue().then(() => undefined)).catch((err: unknown) => this.deps.onError(err));
  }

  private message(householdId: string, orderId: string, reason: MessageReason): void {
    this.queue(householdId, 'AMAZON.MessageAlert.Activated', (userId, now) => messageAlertEvent({ orderId, reason, userId, now }));
  }

  /** In order: events are written in the order the statuses changed, then sent. */
  private queue(householdId: string, eventName: PublishedEvent, build: (userId: string, now: Date) => object): void {
    this.chain = this.chain
      .then(async () => {
        const users = await this.deps.subscribers(householdId, eventName);
        const now = this.deps.clock.now();
        await this.deps.outbox.enqueue(householdId, users.map((userId) => ({ userId, body: build(userId, now) })));
      })
      .catch((err: unknown) => this.deps.onError(err));
    this.kick();
  }
}
