import { EventEmitter } from 'node:events';
import type { Clock } from './clock';
import type { DomainEvent, DomainEventType, EventOf } from './events';

export type Listener<E extends DomainEvent = DomainEvent> = (event: E) => void;

/**
 * In-process bus. Listeners must not throw into the publisher: a broken SSE client or notifier
 * never fails the write that raised the event.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor(private readonly clock: Clock, private readonly onListenerError: (err: unknown) => void = () => {}) {
    // SSE clients each subscribe; many mirrors in one house is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish<T extends DomainEventType>(
    type: T,
    householdId: string,
    payload: EventOf<T>['payload'],
  ): void {
    const event = { type, householdId, at: this.clock.now().toISOString(), payload } as EventOf<T>;
    for (const listener of this.emitter.listeners('event') as Listener[]) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Only the events of one household: what an SSE stream or a notifier for that home sees. */
  subscribeHousehold(householdId: string, listener: Listener): () => void {
    return this.subscribe((event) => {
      if (event.householdId === householdId) listener(event);
    });
  }

  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }
}
