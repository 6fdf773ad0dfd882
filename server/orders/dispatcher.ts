import { randomBytes } from 'node:crypto';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { claimNextDue, DEFAULT_OUTBOX_LEASE_MS, type OutboxLease } from '@server/fleet/outbox-claim';
import type { Store } from '@server/store/store';
import type { SuppliesService } from '@server/supplies/service';
import type { OrderEffects } from './effects';
import { transition } from './repository';
import type { StoreRegistry } from './stores/registry';
import type { OrdersTable, OutboxTable } from './tables';
import { StoreError, type PlaceReceipt } from './stores/types';
import type { OrdersLog } from './types';

type Outcome = 'dispatched' | 'retry' | 'failed' | 'skipped';

/** Sends tried before an order is failed (about two hours with the backoff below). */
export const MAX_ATTEMPTS = 8;
const BATCH = 50;

// The lease is the fleet's, shared with the Alexa events outbox (server/fleet/outbox-claim.ts).
export { DEFAULT_OUTBOX_LEASE_MS, type OutboxLease } from '@server/fleet/outbox-claim';

/**
 * The key a store dedupes on: unique to the order (its own id), so two households that both sent
 * `Idempotency-Key: order-0001` are two orders at the store. The client's key only dedupes that
 * household's own requests (orders_idempotency is unique per household). A resend of the same
 * order after a crash carries the same key, so the store still sees one order (an order sent
 * before 0610 keeps the key it was first sent with: `store_key`).
 */
export function storeIdempotencyKey(order: Pick<OrdersTable, 'id' | 'store_key'>): string {
  return order.store_key ?? order.id;
}

/** 1, 2, 4 … minutes, at most an hour: a store that is down is not hammered. */
function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** (attempts - 1)) * 60_000;
}

/**
 * Sends what the outbox holds once its time has come. The order row and its outbox row were
 * written in one transaction, so a decided order is never lost; the send carries a key unique to
 * the order (`storeIdempotencyKey`), so a send repeated after a crash (sent, but not yet marked)
 * is recognised by the store as the same order and never doubled. The row is marked done only
 * after the store has answered.
 */
export class OutboxDispatcher {
  private running: Promise<{ dispatched: number; failed: number }> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly stores: StoreRegistry,
    private readonly supplies: SuppliesService,
    private readonly effects: OrderEffects,
    private readonly log?: OrdersLog,
    private readonly lease: OutboxLease = { holder: `process-${process.pid}-${randomBytes(3).toString('hex')}`, ms: DEFAULT_OUTBOX_LEASE_MS },
  ) {}

  /** One pass; concurrent calls in this process share the pass in progress. */
  dispatchDue(): Promise<{ dispatched: number; failed: number }> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** The rows due now (SQLite: one process, no lease needed). */
  private async dueRows(): Promise<OutboxTable[]> {
    const now = this.clock.now().toISOString();
    return this.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('done_at', 'is', null)
      .where('available_at', '<=', now)
      .orderBy('available_at')
      .limit(BATCH)
      .execute();
  }

  /** PostgreSQL: the next due row nobody holds, leased to this instance (SKIP LOCKED, see claimNextDue). */
  private claimNext(): Promise<OutboxTable | undefined> {
    return claimNextDue<OutboxTable>(this.store.db, 'postgres', 'outbox', this.lease, this.clock.now());
  }

  private async pass(): Promise<{ dispatched: number; failed: number }> {
    const leased = this.store.dialect === 'postgres';
    const due = leased ? [] : await this.dueRows();
    let dispatched = 0;
    let failed = 0;
    for (let n = 0; n < BATCH; n++) {
      const item = leased ? await this.claimNext() : due[n];
      if (!item) break;
      // Each item on its own: whatever goes wrong with one order never holds back the others.
      let outcome: Outcome;
      try {
        outcome = await this.dispatchOne(item);
      } catch (err) {
        // A store answering nonsense, an adapter's bug, a lost database connection: a retriable
        // failure like any other, with its attempt count and backoff. The details go to the log;
        // the order keeps a generic reason (it is shown to the household).
        this.log?.warn({ err, orderId: item.order_id }, 'outbox: unexpected error while sending an order');
        outcome = await this.retryOrFail(item, `unexpected error (${err instanceof Error ? err.name : typeof err})`, true).catch((again: unknown) => {
          this.log?.error({ err: again, orderId: item.order_id }, 'outbox: could not record a failed send');
          return 'retry' as const;
        });
      }
      if (outcome === 'dispatched') dispatched++;
      else if (outcome === 'failed') failed++;
    }
    return { dispatched, failed };
  }

  private async dispatchOne(item: OutboxTable): Promise<Outcome> {
    const order = await this.store.db.selectFrom('orders').selectAll().where('id', '=', item.order_id).executeTakeFirst();
    if (!order || order.status !== 'scheduled') {
      await this.markDone(item.id, order ? `order ${order.status}` : 'order gone');
      return 'skipped';
    }
    const adapter = this.stores.find(order.store_id);
    if (!adapter) return this.retryOrFail(item, `no store ${order.store_id}`, false);
    let receipt: PlaceReceipt;
    try {
      receipt = await adapter.place({
        idempotencyKey: storeIdempotencyKey(order),
        orderId: order.id,
        sku: order.sku,
        quantity: order.quantity,
        currency: order.currency,
        total: order.total,
      });
    } catch (err) {
      if (err instanceof StoreError) return this.retryOrFail(item, err.message, err.retriable);
      throw err;
    }
    const events = this.effects.batch();
    await this.store.transaction(async (tx) => {
      const at = this.clock.now().toISOString();
      const current = await tx.selectFrom('orders').selectAll().where('id', '=', order.id).executeTakeFirst();
      if (current && current.status === 'scheduled') {
        await transition(tx, current, 'placed', { actor: 'store', channel: 'store', detail: receipt.ref }, at, events, { store_order_ref: receipt.ref });
        if (receipt.status !== 'placed') await transition(tx, current, receipt.status, { actor: 'store', channel: 'store' }, at, events);
        const supply = await tx.selectFrom('supplies').select('name').where('id', '=', current.supply_id).executeTakeFirst();
        events.add('notification', current.household_id, {
          key: 'orders.notify.placed',
          params: { name: supply?.name ?? current.sku, total: current.total, currency: current.currency },
          level: 'info',
        });
      }
      await tx.updateTable('outbox').set({ done_at: at, attempts: item.attempts + 1, lease_until: null }).where('id', '=', item.id).execute();
    });
    events.flush(this.bus);
    return 'dispatched';
  }

  /** Another attempt later (backoff), or, after the last one or a refusal, the order fails and the household is told. */
  private async retryOrFail(item: OutboxTable, message: string, retriable: boolean): Promise<'retry' | 'failed'> {
    const attempts = item.attempts + 1;
    if (retriable && attempts < MAX_ATTEMPTS) {
      const retryAt = new Date(this.clock.now().getTime() + backoffMs(attempts)).toISOString();
      await this.store.db.updateTable('outbox').set({ attempts, last_error: message, available_at: retryAt, lease_until: null }).where('id', '=', item.id).execute();
      return 'retry';
    }
    await this.fail(item.id, item.order_id, attempts, message);
    return 'failed';
  }

  private async markDone(outboxId: string, note: string): Promise<void> {
    await this.store.db.updateTable('outbox').set({ done_at: this.clock.now().toISOString(), last_error: note, lease_until: null }).where('id', '=', outboxId).execute();
  }

  private async fail(outboxId: string, orderId: string, attempts: number, message: string): Promise<void> {
    const events = this.effects.batch();
    await this.store.transaction(async (tx) => {
      const at = this.clock.now().toISOString();
      const current = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
      if (current) {
        const moved = await transition(tx, current, 'failed', { actor: 'store', channel: 'store', detail: message }, at, events, { failure: message });
        if (moved) {
          const supply = await tx.selectFrom('supplies').select('name').where('id', '=', current.supply_id).executeTakeFirst();
          // Still low: the supply's reorder is wanted again, after a backoff; the household is told when.
          const again = await this.supplies.reorderAgain(tx, current.household_id, current.supply_id);
          events.add('notification', current.household_id, {
            key: again ? 'orders.notify.failedRetry' : 'orders.notify.failed',
            params: { name: supply?.name ?? current.sku, hours: again?.hours ?? 0 },
            level: 'warning',
          });
        }
      }
      await tx.updateTable('outbox').set({ done_at: at, attempts, last_error: message, lease_until: null }).where('id', '=', outboxId).execute();
    });
    events.flush(this.bus);
  }
}
