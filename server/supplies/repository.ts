import { sql } from 'kysely';
import { prepare } from '@server/store/prepared';
import type { Queryable } from '@server/store/store';
import type { SuppliesTable } from './tables';
import type { Supply, SupplyState } from './types';
import { WINDOW_DAYS, daysLeftAt, type LevelPoint } from './forecast';
import { DAY_MS } from '@server/core/durations';


const supplyRowQuery = prepare((db, p: { supplyId: string; householdId: string }) =>
  db.selectFrom('supplies').selectAll().where('id', '=', p.supplyId).where('household_id', '=', p.householdId),
);

export async function supplyRow(db: Queryable, householdId: string, supplyId: string): Promise<SuppliesTable | undefined> {
  return supplyRowQuery.first(db, { supplyId, householdId });
}

// The supplies list and its devices are read on every mirror start and every app refresh.
const supplyRowsQuery = prepare((db, p: { householdId: string }) => db.selectFrom('supplies').selectAll().where('household_id', '=', p.householdId).orderBy('name').orderBy('id'));

const deviceLinksQuery = prepare((db, p: { householdId: string }) =>
  db.selectFrom('device_supplies').select(['device_id', 'supply_id']).where('household_id', '=', p.householdId).orderBy('device_id'),
);

export async function supplyRows(db: Queryable, householdId: string): Promise<SuppliesTable[]> {
  return supplyRowsQuery.all(db, { householdId });
}

export async function deviceIdsBySupply(db: Queryable, householdId: string): Promise<Map<string, string[]>> {
  const rows = await deviceLinksQuery.all(db, { householdId });
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

/** When the oldest reading of the forecast window (the days before `latestAt`) was taken, in epoch ms; null when there is none. */
const firstReadingQuery = prepare((db, p: { supplyId: string; since: string }) =>
  db.selectFrom('readings').select('at').where('supply_id', '=', p.supplyId).where('at', '>=', p.since).orderBy('at', 'asc').limit(1),
);

export async function firstReadingAt(db: Queryable, supplyId: string, latestAt: Date, days = WINDOW_DAYS): Promise<number | null> {
  const row = await firstReadingQuery.first(db, { supplyId, since: new Date(latestAt.getTime() - days * DAY_MS).toISOString() });
  return row ? Date.parse(row.at) : null;
}

const latestReadingQuery = (dialect: 'sqlite' | 'postgres') =>
  prepare((db, p: { supplyId: string }) =>
    db
      .selectFrom('readings')
      .select(['level', 'at'])
      .where('supply_id', '=', p.supplyId)
      .orderBy('at', 'desc')
      .orderBy('received_at', 'desc')
      // Same time and same arrival (two manual updates in one instant): the one written last.
      .orderBy(sql.raw(dialect === 'sqlite' ? 'rowid' : 'seq'), 'desc')
      .limit(1),
  );
const latestReading = { sqlite: latestReadingQuery('sqlite'), postgres: latestReadingQuery('postgres') };

/** The reading that sets a supply's level: the latest in time, then in arrival, then in write order. */
export async function latestReadingOf(db: Queryable, dialect: 'sqlite' | 'postgres', supplyId: string): Promise<{ level: number; at: string } | undefined> {
  return latestReading[dialect].first(db, { supplyId });
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
