import { EventEmitter } from 'node:events';
import type { Clock } from './clock';
import type { DomainEvent, DomainEventType, EventOf } from './events';

export type Listener<E extends DomainEvent = DomainEvent> = (event: E) => void;

/**
 * In-process bus. Listeners must not throw into the publisher: a broken SSE client or notifier
 * never fails the write that raised the event.
 *
 * Several instances on one PostgreSQL: the fleet relay (server/fleet/event-relay.ts) listens to
 * what is published here (`subscribeLocal`) and hands what other instances published back with
 * `deliverFromPeer`, so a `subscribe` listener (a cache to invalidate) sees every event of the
 * fleet once, and the relay never sends a peer's event round again.
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
    this.emit('event', event);
    this.emit('local', event);
  }

  /** An event another instance published (already delivered there): to this instance's listeners only. */
  deliverFromPeer(event: DomainEvent): void {
    this.emit('event', event);
  }

  private emit(channel: 'event' | 'local', event: DomainEvent): void {
    for (const listener of this.emitter.listeners(channel) as Listener[]) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Every event: published here, or (in a fleet) by another instance. */
  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Only what this instance published: what the fleet relay sends to the others. */
  subscribeLocal(listener: Listener): () => void {
    this.emitter.on('local', listener);
    return () => this.emitter.off('local', listener);
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
