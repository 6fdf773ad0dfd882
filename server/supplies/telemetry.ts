import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { ConsentService } from '@server/privacy/consents';
import type { Store, Tx } from '@server/store/store';
import { forbidden } from '@server/core/errors';
import { prepare } from '@server/store/prepared';
import type { LevelTracker, LevelWrite } from './levels';
import { readingInstant } from './reading-time';
import { convert } from './units';
import { EventBatch, type Reading, type ReadingRejection, type ReadingResult, type TelemetryResult } from './types';

/** A device clock running a little fast is normal; readings further ahead than this are refused. */
const MAX_FUTURE_MS = 5 * 60_000;
/** Older readings are of no use to the forecast window and most likely a device with a reset clock. */
const MAX_AGE_MS = 30 * 86_400_000;
/** How stale a device's `last_seen_at` may get while it keeps reporting. */
const LAST_SEEN_EVERY_MS = 30_000;
/** A scale may read a little over the nominal capacity; far over is a broken sensor. */
const CAPACITY_TOLERANCE = 1.5;

const deviceContext = prepare((db, p: { deviceId: string; householdId: string }) =>
  db
    .selectFrom('devices')
    .innerJoin('households', 'households.id', 'devices.household_id')
    .leftJoin('device_supplies', 'device_supplies.device_id', 'devices.id')
    .leftJoin('supplies', (join) => join.onRef('supplies.id', '=', 'device_supplies.supply_id').onRef('supplies.household_id', '=', 'devices.household_id'))
    .select(['devices.last_seen_at', 'households.timezone', 'supplies.id', 'supplies.unit', 'supplies.capacity'])
    .where('devices.id', '=', p.deviceId)
    .where('devices.household_id', '=', p.householdId),
);

const deviceSeen = prepare((db, p: { deviceId: string; at: string }) => db.updateTable('devices').set({ last_seen_at: p.at }).where('id', '=', p.deviceId));

/**
 * The one ingestion path for device readings, whether they came over HTTP or MQTT.
 *
 * A batch is judged reading by reading: each gets `stored`, `duplicate` (its device sent that id
 * before, nothing changes) or `rejected` with a reason, and the valid ones are stored together in
 * one transaction with the level, forecast and any reorder request they raise (decided right
 * after the commit). A rejected reading changes nothing. (A body that is not even the right JSON
 * shape is refused whole by the schema.)
 */
export class TelemetryIngestion {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly consents: ConsentService,
    private readonly levels: LevelTracker,
    private readonly decideReorders: (supplyIds: string[]) => Promise<void>,
  ) {}

  async ingest(householdId: string, deviceId: string, readings: Reading[]): Promise<TelemetryResult> {
    const events = new EventBatch();
    const due: string[] = [];
    // One unit of work, reads included, in the store's group transaction: concurrent devices share
    // one transaction and one fsync (every reading still durable before it is acknowledged), and on
    // SQLite's single connection the checks cost no extra round through the connection queue.
    const { results, writes, stored } = await this.store.groupTransaction(async (tx) => {
      const judged = await this.judge(tx, householdId, deviceId, readings);
      const stored = await this.levels.write(tx, householdId, judged.writes);
      const written = new Map<string, LevelWrite[]>();
      for (const w of stored) {
        const mine = written.get(w.supplyId);
        if (mine) mine.push(w);
        else written.set(w.supplyId, [w]);
      }
      for (const supplyId of [...written.keys()].sort()) {
        if (await this.levels.evaluate(tx, householdId, supplyId, events, { incremental: true, written: written.get(supplyId) })) due.push(supplyId);
      }
      const now = this.clock.now();
      // "Last seen" is shown to the minute: a device reporting every second rewrites it twice a minute, not each time.
      if (judged.lastSeenAt === null || now.getTime() - Date.parse(judged.lastSeenAt) >= LAST_SEEN_EVERY_MS) {
        await deviceSeen.execute(tx, { deviceId, at: now.toISOString() });
      }
      return { results: judged.results, writes: judged.writes, stored };
    });
    events.flush(this.bus);
    // The reorder a reading made due is decided once the reading is committed: the store is asked
    // for its price outside any transaction.
    if (due.length) await this.decideReorders(due);

    // Each accepted reading has its write, in order: one not stored (a copy stored earlier, or a
    // second copy in the same batch) is a duplicate.
    let k = 0;
    for (const result of results) {
      if (result.status !== 'stored') continue;
      if (!stored.has(writes[k++])) result.status = 'duplicate';
    }
    return {
      accepted: results.filter((r) => r.status === 'stored').length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
      rejected: results.filter((r) => r.status === 'rejected').length,
      results,
    };
  }

  /** Each reading judged on its own; the valid ones become level writes. Refuses a foreign device or a withheld consent. */
  private async judge(tx: Tx, householdId: string, deviceId: string, readings: Reading[]): Promise<{ results: ReadingResult[]; writes: LevelWrite[]; lastSeenAt: string | null }> {
    // The device, its household's zone and the supplies it measures in one query: a device posting
    // every second pays for this on every reading.
    const rows = await deviceContext.all(tx, { deviceId, householdId });
    if (rows.length === 0) throw forbidden('supplies.unknownDevice');
    await this.consents.require(householdId, 'telemetry', tx);
    const ownById = new Map<string, { unit: string; capacity: number }>();
    for (const row of rows) if (row.id !== null && row.unit !== null && row.capacity !== null) ownById.set(row.id, { unit: row.unit, capacity: row.capacity });
    const wanted = [...new Set(readings.map((r) => r.supplyId).filter((id) => !ownById.has(id)))];
    const householdSupplies = wanted.length
      ? new Set((await tx.selectFrom('supplies').select('id').where('household_id', '=', householdId).where('id', 'in', wanted).execute()).map((r) => r.id))
      : new Set<string>();

    const now = this.clock.now().getTime();
    // A reading dated in local time without offset is read in the household's zone.
    const { timezone, last_seen_at: lastSeenAt } = rows[0];
    const results: ReadingResult[] = [];
    const writes: LevelWrite[] = [];
    for (const r of readings) {
      const supply = ownById.get(r.supplyId);
      let reason: ReadingRejection | undefined;
      let level = r.level;
      const at = readingInstant(r.at, timezone);
      if (!supply) reason = householdSupplies.has(r.supplyId) ? 'notYourSupply' : 'unknownSupply';
      else if (typeof r.level !== 'number' || !Number.isFinite(r.level)) reason = 'notANumber';
      else if (r.level < 0) reason = 'negativeLevel';
      else if (Number.isNaN(at)) reason = 'invalidTimestamp';
      else if (at > now + MAX_FUTURE_MS) reason = 'futureTimestamp';
      else if (at < now - MAX_AGE_MS) reason = 'tooOld';
      else {
        const converted = convert(r.level, r.unit, supply.unit);
        if (converted === null) reason = 'wrongUnit';
        else if (converted > supply.capacity * CAPACITY_TOLERANCE) reason = 'aboveCapacity';
        else level = converted;
      }
      if (reason) {
        results.push({ id: r.id, status: 'rejected', reason });
        continue;
      }
      results.push({ id: r.id, status: 'stored' });
      writes.push({ id: r.id, supplyId: r.supplyId, deviceId, level, at: new Date(at).toISOString(), source: 'device' });
    }
    return { results, writes, lastSeenAt };
  }
}
