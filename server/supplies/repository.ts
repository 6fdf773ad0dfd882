import type { Queryable } from '@server/store/store';
import type { SuppliesTable } from './tables';
import type { Supply, SupplyState } from './types';
import { WINDOW_DAYS, daysLeftAt, type LevelPoint } from './forecast';
import { DAY_MS } from '@server/core/durations';


export async function supplyRow(db: Queryable, householdId: string, supplyId: string): Promise<SuppliesTable | undefined> {
  return db.selectFrom('supplies').selectAll().where('id', '=', supplyId).where('household_id', '=', householdId).executeTakeFirst();
}

export async function supplyRows(db: Queryable, householdId: string): Promise<SuppliesTable[]> {
  return db.selectFrom('supplies').selectAll().where('household_id', '=', householdId).orderBy('name').orderBy('id').execute();
}

export async function deviceIdsBySupply(db: Queryable, householdId: string): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('device_supplies').select(['device_id', 'supply_id']).where('household_id', '=', householdId).orderBy('device_id').execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.supply_id, [...(out.get(r.supply_id) ?? []), r.device_id]);
  return out;
}

/** The level history the forecast looks at: the last window before the latest reading, capped in size. */
export async function levelHistory(db: Queryable, supplyId: string, now: Date, days = WINDOW_DAYS, limit = 5000): Promise<LevelPoint[]> {
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const rows = await db
    .selectFrom('readings')
    .select(['level', 'at'])
    .where('supply_id', '=', supplyId)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ t: Date.parse(r.at), level: r.level })).reverse();
}

export function daysLeftOf(row: SuppliesTable, now: Date): number | null {
  if (row.level_at === null || row.forecast_level === null) return null;
  const days = daysLeftAt({ ratePerDay: row.rate_per_day, level: row.forecast_level, at: Date.parse(row.level_at) }, now.getTime());
  return days === null ? null : Math.round(days * 10) / 10;
}

/**
 * Days from deciding to reorder to the door: the cancel window (the order waits in the house
 * before it leaves) plus the store's delivery lead time.
 */
export function reorderLeadDays(row: Pick<SuppliesTable, 'cancel_window_hours'>, storeLeadDays: number): number {
  return row.cancel_window_hours / 24 + storeLeadDays;
}

export function isReorderDue(row: SuppliesTable, daysLeft: number | null, storeLeadDays: number): boolean {
  if (row.level <= row.reorder_point) return true;
  return daysLeft !== null && daysLeft < reorderLeadDays(row, storeLeadDays) + row.margin_days;
}

export function toState(row: SuppliesTable, now: Date): SupplyState {
  return {
    id: row.id,
    householdId: row.household_id,
    name: row.name,
    unit: row.unit,
    capacity: row.capacity,
    level: row.level,
    reorderPoint: row.reorder_point,
    sku: row.sku,
    storeId: row.store_id,
    policy: policyOf(row),
    marginDays: row.margin_days,
    reorderQuantity: row.reorder_quantity,
    daysLeft: daysLeftOf(row, now),
  };
}

export function policyOf(row: SuppliesTable): Supply['policy'] {
  return {
    mode: row.policy_mode,
    maxPerOrder: row.max_per_order,
    maxPerMonth: row.max_per_month,
    cancelWindowHours: row.cancel_window_hours,
  };
}

export function toSupply(row: SuppliesTable, now: Date, leadDays: number, deviceIds: string[]): Supply {
  const daysLeft = daysLeftOf(row, now);
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    capacity: row.capacity,
    level: row.level,
    reorderPoint: row.reorder_point,
    sku: row.sku,
    policy: policyOf(row),
    daysLeft,
    storeId: row.store_id,
    marginDays: row.margin_days,
    reorderQuantity: row.reorder_quantity,
    ratePerDay: row.rate_per_day === null ? null : Math.round(row.rate_per_day * 1000) / 1000,
    levelAt: row.level_at,
    reorderDue: isReorderDue(row, daysLeft, leadDays),
    deviceIds,
  };
}
