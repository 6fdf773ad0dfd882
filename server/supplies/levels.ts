import type { Insertable } from 'kysely';
import { prepare } from '@server/store/prepared';
import type { Clock } from '@server/core/clock';
import type { DialectName, Tx } from '@server/store/store';
import { carryForecast, forecast, learningForecast, type Forecast } from './forecast';
import { lockSupplies } from './locks';
import { daysLeftOf, firstReadingAt, isReorderDue, latestReadingOf, levelHistory, supplyRow } from './repository';
import type { ReadingsTable, SuppliesTable } from './tables';
import type { EventBatch, SupplyHooks } from './types';

const insertReading = prepare((db, p: Insertable<ReadingsTable>) =>
  db
    .insertInto('readings')
    .values({ household_id: p.household_id, origin: p.origin, id: p.id, supply_id: p.supply_id, device_id: p.device_id, level: p.level, at: p.at, received_at: p.received_at, source: p.source })
    // Ids are the reporter's own numbering: unique per device, not per household.
    .onConflict((oc) => oc.columns(['household_id', 'origin', 'id']).doNothing()),
);

type LevelColumns = Pick<SuppliesTable, 'level' | 'level_at' | 'rate_per_day' | 'forecast_level' | 'forecast_at' | 'low_since' | 'reorder_after' | 'reorder_attempts' | 'updated_at'>;
const updateLevel = prepare((db, p: LevelColumns & { id: string }) =>
  db
    .updateTable('supplies')
    .set({
      level: p.level,
      level_at: p.level_at,
      rate_per_day: p.rate_per_day,
      forecast_level: p.forecast_level,
      forecast_at: p.forecast_at,
      low_since: p.low_since,
      reorder_after: p.reorder_after,
      reorder_attempts: p.reorder_attempts,
      updated_at: p.updated_at,
    })
    .where('id', '=', p.id),
);

/**
 * The latest reading without asking the store, when the readings this transaction just wrote
 * include it: one strictly after the supply's current level time is the latest (the order
 * latestReadingOf uses; among this batch, a later one in the list was written later). Undefined
 * when it cannot tell, a tie with the current level's time included.
 */
function newestWritten(row: SuppliesTable, written: Pick<LevelWrite, 'level' | 'at'>[]): { level: number; at: string } | undefined {
  if (row.level_at === null || written.length === 0) return undefined;
  let newest: Pick<LevelWrite, 'level' | 'at'> | undefined;
  // Times are UTC ISO strings: text order is time order.
  for (const w of written) if (w.at > row.level_at && (!newest || w.at >= newest.at)) newest = w;
  return newest && { level: newest.level, at: newest.at };
}

export interface LevelWrite {
  id: string;
  supplyId: string;
  deviceId: string | null;
  level: number;
  at: string;
  source: 'device' | 'manual' | 'delivery';
}

/**
 * Keeps each supply's level, forecast and low-stock state in step with its readings. Everything
 * here runs inside the caller's transaction, so a reading, the level it sets and the reorder
 * request it raises are stored together or not at all (the decision itself, which asks the store
 * for a price, runs after the commit).
 */
export class LevelTracker {
  constructor(
    private readonly clock: Clock,
    private readonly dialect: DialectName,
    private readonly hooks: () => SupplyHooks,
  ) {}

  /**
   * Stores readings (an id its reporter sent before is ignored, and so is a second copy in the
   * same list); returns those actually stored, in the order given.
   */
  async write(tx: Tx, householdId: string, readings: LevelWrite[]): Promise<Set<LevelWrite>> {
    const stored = new Set<LevelWrite>();
    if (readings.length === 0) return stored;
    await lockSupplies(tx, this.dialect, readings.map((r) => r.supplyId));
    const receivedAt = this.clock.now().toISOString();
    for (const r of readings) {
      const inserted = await insertReading.affected(tx, {
        household_id: householdId,
        origin: r.deviceId ?? '',
        id: r.id,
        supply_id: r.supplyId,
        device_id: r.deviceId,
        level: r.level,
        at: r.at,
        received_at: receivedAt,
        source: r.source,
      });
      if (inserted > 0) stored.add(r);
    }
    return stored;
  }

  /**
   * Recomputes one supply from its history: the level of the latest reading (a late, older one
   * only feeds the forecast), the consumption rate, and whether a reorder is due. Becoming due
   * raises `stock.low` once per dip and, unless the policy only notifies, asks for a reorder
   * decision (`reorder_after`), which the caller hands to `decideReorders` once committed:
   * returns true then. Recovering clears the request and its retry count.
   */
  async evaluate(
    tx: Tx,
    householdId: string,
    supplyId: string,
    events: EventBatch,
    options: { incremental?: boolean; written?: Pick<LevelWrite, 'level' | 'at'>[] } = {},
  ): Promise<boolean> {
    // Locked before reading, so a concurrent evaluation cannot write back a level computed from older readings.
    await lockSupplies(tx, this.dialect, [supplyId]);
    const row = await supplyRow(tx, householdId, supplyId);
    if (!row) return false;
    const now = this.clock.now();
    const latest = newestWritten(row, options.written ?? []) ?? (await latestReadingOf(tx, this.dialect, supplyId));
    // Device readings carry the stored line forward when they can (see carryForecast); a person's
    // change, a delivery or a reading off the line recomputes from the history.
    let f: Forecast | null = null;
    let computedAt = row.forecast_at;
    if (options.incremental && latest) {
      const stored =
        row.forecast_level !== null && row.level_at !== null && row.forecast_at !== null
          ? { ratePerDay: row.rate_per_day, level: row.forecast_level, at: Date.parse(row.level_at), computedAt: Date.parse(row.forecast_at) }
          : null;
      f = carryForecast(stored, { t: Date.parse(latest.at), level: latest.level }, row.capacity);
    }
    if (!f && latest && row.rate_per_day === null) {
      // A supply still learning its rate (its first half-day of readings) recomputes on every
      // reading off the line; one index seek tells whether the history is still too short to
      // give a rate, in which case the computation's answer is known without reading it.
      const firstAt = await firstReadingAt(tx, supplyId, new Date(latest.at));
      f = firstAt === null ? null : learningForecast(firstAt, { t: Date.parse(latest.at), level: latest.level });
      if (f) computedAt = latest.at;
    }
    if (!f) {
      f = forecast(await levelHistory(tx, supplyId, latest ? new Date(latest.at) : now), row.capacity);
      computedAt = latest?.at ?? null;
    }
    const next = {
      ...row,
      level: latest?.level ?? row.level,
      level_at: latest?.at ?? row.level_at,
      rate_per_day: f?.ratePerDay ?? null,
      forecast_level: f ? f.level : null,
      forecast_at: computedAt,
      updated_at: now.toISOString(),
    };
    const hooks = this.hooks();
    const daysLeft = daysLeftOf(next, now);
    const due = isReorderDue(next, daysLeft, hooks.leadDays(next.store_id, next.sku));
    const becameDue = due && row.low_since === null;
    const wantsDecision = becameDue && next.policy_mode !== 'notify';
    next.low_since = due ? (row.low_since ?? now.toISOString()) : null;
    if (wantsDecision) next.reorder_after = now.toISOString();
    if (!due) {
      next.reorder_after = null;
      next.reorder_attempts = 0;
    }
    await updateLevel.execute(tx, {
      id: supplyId,
      level: next.level,
      level_at: next.level_at,
      rate_per_day: next.rate_per_day,
      forecast_level: next.forecast_level,
      forecast_at: next.forecast_at,
      low_since: next.low_since,
      reorder_after: next.reorder_after,
      reorder_attempts: next.reorder_attempts,
      updated_at: next.updated_at,
    });
    events.add('stock.updated', householdId, { supplyId, level: next.level, daysLeft });
    if (!becameDue) return false;
    events.add('stock.low', householdId, { supplyId, name: next.name, level: next.level, unit: next.unit, daysLeft });
    if (next.policy_mode === 'notify') {
      events.add('notification', householdId, {
        key: 'supplies.notify.low',
        params: { name: next.name, level: next.level, unit: next.unit, daysLeft: daysLeft ?? '?' },
        level: 'warning',
      });
    }
    return wantsDecision;
  }
}
