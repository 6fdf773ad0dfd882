import { sql } from 'kysely';
import type { Clock } from '@server/core/clock';
import type { DialectName, Tx } from '@server/store/store';
import { carryForecast, forecast, type Forecast } from './forecast';
import { lockSupplies } from './locks';
import { daysLeftOf, isReorderDue, levelHistory, supplyRow } from './repository';
import type { EventBatch, SupplyHooks } from './types';

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

  /** Stores readings (an id its reporter sent before is ignored); returns the ids actually stored. */
  async write(tx: Tx, householdId: string, readings: LevelWrite[]): Promise<Set<string>> {
    const stored = new Set<string>();
    if (readings.length === 0) return stored;
    await lockSupplies(tx, this.dialect, readings.map((r) => r.supplyId));
    const receivedAt = this.clock.now().toISOString();
    for (const r of readings) {
      const result = await tx
        .insertInto('readings')
        .values({ household_id: householdId, origin: r.deviceId ?? '', id: r.id, supply_id: r.supplyId, device_id: r.deviceId, level: r.level, at: r.at, received_at: receivedAt, source: r.source })
        // Ids are the reporter's own numbering: unique per device, not per household.
        .onConflict((oc) => oc.columns(['household_id', 'origin', 'id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) stored.add(r.id);
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
  async evaluate(tx: Tx, householdId: string, supplyId: string, events: EventBatch, options: { incremental?: boolean } = {}): Promise<boolean> {
    // Locked before reading, so a concurrent evaluation cannot write back a level computed from older readings.
    await lockSupplies(tx, this.dialect, [supplyId]);
    const row = await supplyRow(tx, householdId, supplyId);
    if (!row) return false;
    const now = this.clock.now();
    const latest = await tx
      .selectFrom('readings')
      .select(['level', 'at'])
      .where('supply_id', '=', supplyId)
      .orderBy('at', 'desc')
      .orderBy('received_at', 'desc')
      // Same time and same arrival (two manual updates in one instant): the one written last.
      .orderBy(sql.raw(this.dialect === 'sqlite' ? 'rowid' : 'seq'), 'desc')
      .limit(1)
      .executeTakeFirst();
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
    await tx
      .updateTable('supplies')
      .set({
        level: next.level,
        level_at: next.level_at,
        rate_per_day: next.rate_per_day,
        forecast_level: next.forecast_level,
        forecast_at: next.forecast_at,
        low_since: next.low_since,
        reorder_after: next.reorder_after,
        reorder_attempts: next.reorder_attempts,
        updated_at: next.updated_at,
      })
      .where('id', '=', supplyId)
      .execute();
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
