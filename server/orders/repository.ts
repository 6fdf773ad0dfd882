import { newId } from '@server/core/ids';
import type { Queryable, Tx } from '@server/store/store';
import type { OrderEventBatch } from './effects';
import { canTransition, type OrderStatus } from './state-machine';
import type { OrdersTable } from './tables';
import type { Actor, AuditChannel, Order } from './types';

export type OrderRow = OrdersTable & { supply_name: string };

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    supplyId: row.supply_id,
    sku: row.sku,
    quantity: row.quantity,
    total: row.total,
    currency: row.currency,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    supplyName: row.supply_name,
    storeId: row.store_id,
    unitPrice: row.unit_price,
    reason: row.reason,
    channel: row.channel,
    sendAfter: row.send_after,
    storeOrderRef: row.store_order_ref,
    failure: row.failure,
    expiresAt: row.expires_at,
  };
}

export function ordersQuery(db: Queryable) {
  return db.selectFrom('orders').innerJoin('supplies', 'supplies.id', 'orders.supply_id').selectAll('orders').select('supplies.name as supply_name');
}

export async function orderRow(db: Queryable, householdId: string, orderId: string): Promise<OrderRow | undefined> {
  return ordersQuery(db).where('orders.id', '=', orderId).where('orders.household_id', '=', householdId).executeTakeFirst();
}

export async function inFlightOrder(db: Queryable, supplyId: string): Promise<OrderRow | undefined> {
  return ordersQuery(db)
    .where('orders.supply_id', '=', supplyId)
    .where('orders.status', 'not in', ['delivered', 'cancelled', 'failed'])
    .executeTakeFirst();
}

export interface AuditInput {
  actor: Actor;
  channel: AuditChannel;
  detail?: string | null;
}

export async function audit(tx: Tx, row: Pick<OrdersTable, 'id' | 'household_id'>, from: OrderStatus | null, to: OrderStatus, who: AuditInput, at: string): Promise<void> {
  await tx
    .insertInto('order_events')
    .values({ id: newId(), household_id: row.household_id, order_id: row.id, from_status: from, to_status: to, actor: who.actor, channel: who.channel, detail: who.detail ?? null, at })
    .execute();
}

/**
 * Moves an order along the state machine, guarded twice: the transition must be allowed, and the
 * row must still be in the status the caller read (compare-and-set), so two racing writers cannot
 * both move it. Returns false when the move did not happen.
 */
export async function transition(
  tx: Tx,
  row: OrdersTable,
  to: OrderStatus,
  who: AuditInput,
  at: string,
  events: OrderEventBatch,
  patch: Partial<Pick<OrdersTable, 'send_after' | 'store_order_ref' | 'failure'>> = {},
): Promise<boolean> {
  if (!canTransition(row.status, to)) return false;
  const result = await tx
    .updateTable('orders')
    .set({ status: to, updated_at: at, ...patch })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await audit(tx, row, row.status, to, who, at);
  await events.orderChanged(tx, { kind: 'status', householdId: row.household_id, orderId: row.id, supplyId: row.supply_id, status: to, previousStatus: row.status });
  Object.assign(row, patch, { status: to, updated_at: at });
  return true;
}
