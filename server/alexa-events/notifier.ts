import type { Clock } from '@server/core/clock';
import type { OrderStatus } from '@server/orders/state-machine';
import type { LwaTokens } from './lwa';
import { ALEXA_ORDER_STATUS, orderStatusEvent } from './order-events';

export interface AlexaEventsDeps {
  clock: Clock;
  lwa: LwaTokens;
  /** `https://api.eu.amazonalexa.com` (or the skill's region); tests point it at a recording stub. */
  baseUrl: string;
  stage: 'development' | 'live';
  subscribers(householdId: string): Promise<string[]>;
  onError(err: unknown): void;
}

/**
 * Order updates spoken by Alexa: when an order of a household changes to a status Alexa can say,
 * one Proactive Event per Alexa user of that household who allowed them (the permission Amazon
 * reports through ProactiveSubscriptionChanged). Nobody who did not allow it hears anything.
 */
export class AlexaOrderNotifier {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AlexaEventsDeps) {}

  /** Queued so events leave in the order the statuses changed; `idle()` waits for them (tests, shutdown). */
  orderUpdated(householdId: string, orderId: string, status: string): void {
    const alexaStatus = ALEXA_ORDER_STATUS[status as OrderStatus];
    if (!alexaStatus) return;
    this.chain = this.chain.then(() => this.send(householdId, orderId, alexaStatus)).catch((err: unknown) => this.deps.onError(err));
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async send(householdId: string, orderId: string, status: string): Promise<void> {
    const users = await this.deps.subscribers(householdId);
    if (users.length === 0) return;
    const path = this.deps.stage === 'live' ? '/v1/proactiveEvents' : '/v1/proactiveEvents/stages/development';
    for (const userId of users) {
      const token = await this.deps.lwa.token();
      const res = await fetch(`${this.deps.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(orderStatusEvent({ orderId, status, userId, now: this.deps.clock.now() })),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 401) this.deps.lwa.forget();
      if (res.status !== 202 && !res.ok) this.deps.onError(new Error(`Alexa proactive event: HTTP ${res.status}`));
    }
  }
}
