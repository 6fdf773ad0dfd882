import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { Store } from '@server/store/store';
import type { SuppliesService } from '@server/supplies/service';
import type { OrderEffects } from './effects';
import { transition } from './repository';
import { AT_STORE_STATUSES, canTransition, type OrderStatus } from './state-machine';
import type { StoreRegistry } from './stores/registry';
import type { Actor, AuditChannel, OrdersLog } from './types';

const NOTIFIED: Partial<Record<OrderStatus, string>> = {
  out_for_delivery: 'orders.notify.outForDelivery',
  delivered: 'orders.notify.delivered',
};

/**
 * Follows orders the store holds until they arrive: polls stores that can be polled, and applies
 * the status callbacks of those that call back. A delivery raises the supply's level in the same
 * transaction that marks the order delivered; an order the store cancels or fails makes the
 * supply's reorder wanted again.
 */
export class DeliveryTracker {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly stores: StoreRegistry,
    private readonly supplies: SuppliesService,
    private readonly effects: OrderEffects,
    private readonly log?: OrdersLog,
  ) {}

  async poll(): Promise<number> {
    const open = await this.store.db.selectFrom('orders').select(['id', 'store_id', 'store_order_ref']).where('status', 'in', AT_STORE_STATUSES).execute();
    let moved = 0;
    for (const order of open) {
      const adapter = this.stores.find(order.store_id);
      if (!adapter?.status || !order.store_order_ref) continue;
      const ref = order.store_order_ref;
      // Each order on its own: a store that cannot answer for one order is asked again next tick,
      // and every other household's deliveries go on.
      try {
        const status = await adapter.status(ref);
        if (status && (await this.apply(order.id, status, 'store', 'store'))) moved++;
      } catch (err) {
        this.log?.warn({ err, orderId: order.id }, 'delivery tracking: the store could not be asked about an order');
      }
    }
    return moved;
  }

  /** Applies a store-reported status; a replayed, stale or backward status changes nothing. */
  async apply(orderId: string, status: OrderStatus, actor: Actor, channel: AuditChannel, detail: string | null = null): Promise<boolean> {
    const events = this.effects.batch();
    const moved = await this.store.transaction(async (tx) => {
      const row = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
      if (!row || row.status === status || !canTransition(row.status, status)) return false;
      const at = this.clock.now().toISOString();
      if (!(await transition(tx, row, status, { actor, channel, detail }, at, events))) return false;
      const supply = await tx.selectFrom('supplies').select('name').where('id', '=', row.supply_id).executeTakeFirst();
      const name = supply?.name ?? row.sku;
      if (status === 'cancelled' || status === 'failed') {
        // Nothing will arrive: while the supply is still low its reorder is wanted again (after a backoff).
        const again = await this.supplies.reorderAgain(tx, row.household_id, row.supply_id);
        const key = status === 'cancelled' ? (again ? 'orders.notify.cancelledByStoreRetry' : 'orders.notify.cancelledByStore') : again ? 'orders.notify.failedRetry' : 'orders.notify.failed';
        events.add('notification', row.household_id, { key, params: { name, hours: again?.hours ?? 0 }, level: 'warning' });
      } else {
        const key = NOTIFIED[status];
        if (key) events.add('notification', row.household_id, { key, params: { name }, level: 'info' });
      }
      if (status === 'delivered') {
        // What arrives is what was ordered: the pack size recorded on the order, no store call inside this transaction.
        await this.supplies.applyDelivery(tx, row.household_id, row.supply_id, { orderId: row.id, packs: row.quantity, packSize: row.pack_size, packUnit: row.pack_unit }, events);
      }
      return true;
    });
    events.flush(this.bus);
    return moved;
  }
}
