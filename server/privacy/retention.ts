import type { Clock } from '@server/core/clock';
import type { Store, Tx } from '@server/store/store';
import { DAY_MS } from '@server/core/durations';

/** Rows handled per transaction: a long backlog is compacted in slices that never hold the store for long. */
const BATCH = 2000;

export interface CompactionResult {
  /** Raw readings folded into summaries and deleted. */
  compacted: number;
  /** Summary rows written or updated. */
  days: number;
  cutoff: string;
}

interface RawReading {
  household_id: string;
  origin: string;
  id: string;
  supply_id: string;
  level: number;
  at: string;
}

/**
 * Raw device readings older than the retention age are folded into one summary per supply per UTC
 * day (count, min, max, mean, last level) and deleted: the household keeps its consumption
 * history, Miroir stops keeping a minute-by-minute trace of the home. The forecast only looks at
 * the last few weeks, well inside the retention age; the newest reading of each supply is always
 * kept raw so its current level never depends on a summary. Manual updates and deliveries are
 * events a person made and stay as they are.
 */
export class TelemetryRetention {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly retentionDays: number) {}

  async compact(): Promise<CompactionResult> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionDays * DAY_MS).toISOString();
    let compacted = 0;
    let days = 0;
    for (;;) {
      const step = await this.store.transaction((tx) => this.compactBatch(tx, cutoff));
      compacted += step.compacted;
      days += step.days;
      if (!step.more) break;
    }
    return { compacted, days, cutoff };
  }

  private async compactBatch(tx: Tx, cutoff: string): Promise<{ compacted: number; days: number; more: boolean }> {
    const candidates: RawReading[] = await tx
      .selectFrom('readings')
      .select(['household_id', 'origin', 'id', 'supply_id', 'level', 'at'])
      .where('source', '=', 'device')
      .where('at', '<', cutoff)
      .orderBy('supply_id')
      .orderBy('at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (candidates.length === 0) return { compacted: 0, days: 0, more: false };
    const supplyIds = [...new Set(candidates.map((r) => r.supply_id))];
    const newest = await tx
      .selectFrom('readings')
      .select(['supply_id', (eb) => eb.fn.max('at').as('at')])
      .where('supply_id', 'in', supplyIds)
      .groupBy('supply_id')
      .execute();
    const keep = new Map(newest.map((n) => [n.supply_id, String(n.at)]));
    const rows = candidates.filter((r) => keep.get(r.supply_id) !== r.at);

    const groups = new Map<string, RawReading[]>();
    for (const r of rows) {
      const key = `${r.supply_id}|${r.at.slice(0, 10)}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [key, group] of groups) {
      const [supplyId, day] = key.split('|');
      const existing = await tx.selectFrom('telemetry_daily').selectAll().where('supply_id', '=', supplyId).where('day', '=', day).executeTakeFirst();
      const levels = group.map((r) => r.level);
      const last = group[group.length - 1];
      const count = group.length + (existing?.count ?? 0);
      const sum = levels.reduce((a, b) => a + b, 0) + (existing ? existing.mean_level * existing.count : 0);
      const laterExisting = existing && existing.last_at > last.at;
      const summary = {
        household_id: group[0].household_id,
        supply_id: supplyId,
        day,
        count,
        min_level: Math.min(...levels, existing?.min_level ?? Infinity),
        max_level: Math.max(...levels, existing?.max_level ?? -Infinity),
        mean_level: sum / count,
        last_level: laterExisting ? existing.last_level : last.level,
        last_at: laterExisting ? existing.last_at : last.at,
        first_at: existing && existing.first_at < group[0].at ? existing.first_at : group[0].at,
      };
      if (existing) {
        await tx.updateTable('telemetry_daily').set(summary).where('supply_id', '=', supplyId).where('day', '=', day).execute();
      } else {
        await tx.insertInto('telemetry_daily').values(summary).execute();
      }
    }
    // A reading is keyed by its reporter (origin) and its id: two devices may both have sent id 1.
    const byReporter = new Map<string, { householdId: string; origin: string; ids: string[] }>();
    for (const r of rows) {
      const key = `${r.household_id}|${r.origin}`;
      const entry = byReporter.get(key) ?? { householdId: r.household_id, origin: r.origin, ids: [] };
      entry.ids.push(r.id);
      byReporter.set(key, entry);
    }
    for (const { householdId, origin, ids } of byReporter.values()) {
      for (let i = 0; i < ids.length; i += 500) {
        await tx.deleteFrom('readings').where('household_id', '=', householdId).where('origin', '=', origin).where('id', 'in', ids.slice(i, i + 500)).execute();
      }
    }
    // A full slice may have more behind it; a slice made only of kept newest readings has not.
    return { compacted: rows.length, days: groups.size, more: candidates.length === BATCH && rows.length > 0 };
  }
}
