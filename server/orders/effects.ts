import type { Tx } from '@server/store/store';
import { EventBatch } from '@server/supplies/types';
import type { OrderStatus } from './state-machine';

/** An order change another capability may have to record with it: a status moved, or a proposal created. */
export type OrderChange =
  | { kind: 'status'; householdId: string; orderId: string; supplyId: string; status: OrderStatus; previousStatus: OrderStatus }
  | { kind: 'proposal'; householdId: string; orderId: string; supplyId: string };

/**
 * Work another capability does inside the transaction that changes the order (an outbox row, say),
 * so the change and what it causes are committed together or not at all. It must not reach the
 * network, and must read and write through `tx` only (SQLite has one connection: a query on the
 * store while the transaction holds it would wait for ever). Throwing rolls the change back.
 */
export type InTransactionEffect = (tx: Tx, change: OrderChange) => Promise<void>;

/**
 * The effects other plugins register with the orders service (`app.orders.effects.register`),
 * so orders never imports them. Each transaction that may change an order uses one
 * `OrderEventBatch`: the bus events published after the commit, and these effects run before it.
 */
export class OrderEffects {
  private readonly effects: InTransactionEffect[] = [];

  /** Returns the unregistration (a plugin's onClose). */
  register(effect: InTransactionEffect): () => void {
    this.effects.push(effect);
    return () => {
      const i = this.effects.indexOf(effect);
      if (i >= 0) this.effects.splice(i, 1);
    };
  }

  batch(): OrderEventBatch {
    return new OrderEventBatch(this);
  }

  async run(tx: Tx, change: OrderChange): Promise<void> {
    for (const effect of [...this.effects]) await effect(tx, change);
  }
}

/** An EventBatch that also runs the registered in-transaction effects of each order change it records. */
export class OrderEventBatch extends EventBatch {
  constructor(private readonly effects: OrderEffects) {
    super();
  }

  /** Records the change: its effects now, in `tx`; its bus event after the commit (`flush`). */
  async orderChanged(tx: Tx, change: OrderChange): Promise<void> {
    await this.effects.run(tx, change);
    if (change.kind === 'status') {
      this.add('order.updated', change.householdId, { orderId: change.orderId, supplyId: change.supplyId, status: change.status, previousStatus: change.previousStatus });
    } else {
      this.add('proposal.created', change.householdId, { orderId: change.orderId, supplyId: change.supplyId });
    }
  }
}
