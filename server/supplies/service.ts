import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { badRequest, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { HouseholdService } from '@server/households/service';
import type { ConsentService } from '@server/privacy/consents';
import type { Queryable, Store, Tx } from '@server/store/store';
import { forecast, splitAtRefills, type LevelPoint } from './forecast';
import { LevelTracker } from './levels';
import { bestMatch } from './match';
import { deviceIdsBySupply, supplyRow, supplyRows, toSupply } from './repository';
import type { SupplyHistory } from './schemas';
import { TelemetryIngestion } from './telemetry';
import { convert } from './units';
import {
  EventBatch,
  type Consumption,
  type NewSupply,
  type Reading,
  type Supply,
  type SupplyHooks,
  type SupplyPatch,
  type TelemetryResult,
} from './types';
import { DAY_MS } from '@server/core/durations';

export const DEFAULT_STORE_ID = 'simulated';
const DEFAULT_LEAD_DAYS = 2;
const DEFAULT_CANCEL_WINDOW_HOURS = 24;
const DEFAULT_MARGIN_DAYS = 1;

/** Until the orders capability plugs in, supplies still forecast and warn; nothing is ordered. */
const STANDALONE_HOOKS: SupplyHooks = {
  leadDays: () => DEFAULT_LEAD_DAYS,
  checkProduct: async () => {},
  beforeRemove: async () => {},
  onReorderDue: async () => {},
};

export interface Device {
  id: string;
  name: string;
  kind: string;
  supplyIds: string[];
  lastSeenAt: string | null;
}

/**
 * Supplies, their devices and their levels. Levels come from device readings, manual updates and
 * deliveries, all through the LevelTracker so forecasts and reorders follow every change.
 */
export class SuppliesService {
  private hooks: SupplyHooks = STANDALONE_HOOKS;
  readonly levels: LevelTracker;
  private readonly telemetry: TelemetryIngestion;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly households: HouseholdService,
    consents: ConsentService,
  ) {
    this.levels = new LevelTracker(clock, store.dialect, () => this.hooks);
    this.telemetry = new TelemetryIngestion(store, clock, bus, consents, this.levels);
  }

  /** The orders capability registers how reorders are made; called once at start. */
  setHooks(hooks: SupplyHooks): void {
    this.hooks = hooks;
  }

  async list(householdId: string, db: Queryable = this.store.db): Promise<Supply[]> {
    const rows = await supplyRows(db, householdId);
    const devices = await deviceIdsBySupply(db, householdId);
    const now = this.clock.now();
    return rows.map((r) => toSupply(r, now, this.hooks.leadDays(r.store_id, r.sku), devices.get(r.id) ?? []));
  }

  async get(householdId: string, supplyId: string, db: Queryable = this.store.db): Promise<Supply> {
    const row = await supplyRow(db, householdId, supplyId);
    if (!row) throw notFound('supply', { id: supplyId });
    const devices = await deviceIdsBySupply(db, householdId);
    return toSupply(row, this.clock.now(), this.hooks.leadDays(row.store_id, row.sku), devices.get(row.id) ?? []);
  }

  /** The level history and its forecast line, for a chart (GET /api/v1/supplies/:id/history). */
  async history(householdId: string, supplyId: string, days = 30): Promise<SupplyHistory> {
    const row = await supplyRow(this.store.db, householdId, supplyId);
    if (!row) throw notFound('supply', { id: supplyId });
    const now = this.clock.now();
    const since = new Date(now.getTime() - days * DAY_MS).toISOString();
    const readings = await this.store.db.selectFrom('readings').select(['level', 'at']).where('supply_id', '=', row.id).where('at', '>=', since).orderBy('at').limit(5000).execute();
    let forecastLine: SupplyHistory['forecast'] = null;
    if (row.level_at !== null && row.forecast_level !== null && row.rate_per_day !== null) {
      const at = Date.parse(row.level_at);
      const rate = row.rate_per_day;
      const start = row.forecast_level;
      const crossing = (level: number) => (rate > 0 && start > level ? new Date(at + ((start - level) / rate) * DAY_MS).toISOString() : null);
      forecastLine = { from: { at: row.level_at, level: row.forecast_level }, ratePerDay: rate, emptyAt: crossing(0), reorderAt: crossing(row.reorder_point) };
    }
    return {
      supplyId: row.id,
      unit: row.unit,
      capacity: row.capacity,
      reorderPoint: row.reorder_point,
      readings: readings.map((r) => ({ at: r.at, level: r.level })),
      forecast: forecastLine,
    };
  }

  /** The supply a person named ("lait", "black ink"), in any of the household's languages; null when nothing is close. */
  async findByName(householdId: string, spokenName: string, _locale?: string): Promise<Supply | null> {
    // The bilingual lexicon makes the match language-independent; the locale is kept for callers' symmetry.
    const supplies = await this.list(householdId);
    return bestMatch(spokenName, supplies, (s) => [s.name]);
  }

  async create(householdId: string, input: NewSupply): Promise<Supply> {
    this.checkShape(input.capacity, input.level, input.reorderPoint);
    const storeId = input.storeId ?? DEFAULT_STORE_ID;
    if (input.sku) await this.hooks.checkProduct(storeId, input.sku);
    const now = this.clock.now().toISOString();
    const id = newId();
    const events = new EventBatch();
    await this.store.transaction(async (tx) => {
      await this.households.get(householdId, tx);
      await tx
        .insertInto('supplies')
        .values({
          id,
          household_id: householdId,
          name: input.name,
          unit: input.unit,
          capacity: input.capacity,
          level: input.level ?? input.capacity,
          level_at: null,
          reorder_point: input.reorderPoint ?? input.capacity * 0.2,
          sku: input.sku ?? null,
          store_id: storeId,
          policy_mode: input.policy?.mode ?? 'ask',
          max_per_order: input.policy?.maxPerOrder ?? null,
          max_per_month: input.policy?.maxPerMonth ?? null,
          cancel_window_hours: input.policy?.cancelWindowHours ?? DEFAULT_CANCEL_WINDOW_HOURS,
          margin_days: input.marginDays ?? DEFAULT_MARGIN_DAYS,
          reorder_quantity: input.reorderQuantity ?? null,
          rate_per_day: null,
          forecast_level: null,
          low_since: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (input.level !== undefined) {
        await this.levels.write(tx, householdId, [{ id: `manual:${newId()}`, supplyId: id, deviceId: null, level: input.level, at: now, source: 'manual' }]);
      }
      await this.levels.evaluate(tx, householdId, id, events);
    });
    events.flush(this.bus);
    return this.get(householdId, id);
  }

  async update(householdId: string, supplyId: string, patch: SupplyPatch): Promise<Supply> {
    const events = new EventBatch();
    await this.store.transaction(async (tx) => {
      const row = await supplyRow(tx, householdId, supplyId);
      if (!row) throw notFound('supply', { id: supplyId });
      this.checkShape(patch.capacity ?? row.capacity, patch.level, patch.reorderPoint ?? row.reorder_point);
      const storeId = patch.storeId ?? row.store_id;
      const sku = patch.sku !== undefined ? patch.sku : row.sku;
      if (sku && (sku !== row.sku || storeId !== row.store_id)) await this.hooks.checkProduct(storeId, sku);
      const policy = patch.policy ?? {};
      await tx
        .updateTable('supplies')
        .set({
          name: patch.name ?? row.name,
          capacity: patch.capacity ?? row.capacity,
          reorder_point: patch.reorderPoint ?? row.reorder_point,
          sku,
          store_id: storeId,
          policy_mode: policy.mode ?? row.policy_mode,
          max_per_order: policy.maxPerOrder !== undefined ? policy.maxPerOrder : row.max_per_order,
          max_per_month: policy.maxPerMonth !== undefined ? policy.maxPerMonth : row.max_per_month,
          cancel_window_hours: policy.cancelWindowHours ?? row.cancel_window_hours,
          margin_days: patch.marginDays ?? row.margin_days,
          reorder_quantity: patch.reorderQuantity !== undefined ? patch.reorderQuantity : row.reorder_quantity,
          updated_at: this.clock.now().toISOString(),
        })
        .where('id', '=', supplyId)
        .execute();
      if (patch.level !== undefined) {
        // "I opened a new pack": a manual reading, so the history and the forecast see it too.
        const at = this.clock.now().toISOString();
        await this.levels.write(tx, householdId, [{ id: `manual:${newId()}`, supplyId, deviceId: null, level: patch.level, at, source: 'manual' }]);
      }
      await this.levels.evaluate(tx, householdId, supplyId, events);
    });
    events.flush(this.bus);
    return this.get(householdId, supplyId);
  }

  async remove(householdId: string, supplyId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await supplyRow(tx, householdId, supplyId))) throw notFound('supply', { id: supplyId });
      await this.hooks.beforeRemove(tx, householdId, supplyId);
      await tx.deleteFrom('supplies').where('id', '=', supplyId).where('household_id', '=', householdId).execute();
    });
  }

  private checkShape(capacity: number, level: number | undefined, reorderPoint: number | undefined): void {
    if (level !== undefined && level > capacity * 1.5) throw badRequest('supplies.levelAboveCapacity', { level, capacity });
    if (reorderPoint !== undefined && reorderPoint > capacity) throw badRequest('supplies.reorderPointAboveCapacity', { reorderPoint, capacity });
  }

  // Devices

  async createDevice(householdId: string, input: { name: string; kind: string; supplyIds: string[] }): Promise<{ id: string; token: string }> {
    const id = newId();
    const token = await this.store.transaction(async (tx) => {
      const ids = [...new Set(input.supplyIds)];
      if (ids.length) {
        const found = await tx.selectFrom('supplies').select('id').where('household_id', '=', householdId).where('id', 'in', ids).execute();
        if (found.length !== ids.length) {
          const missing = ids.find((s) => !found.some((f) => f.id === s));
          throw notFound('supply', { id: missing });
        }
      }
      await tx.insertInto('devices').values({ id, household_id: householdId, name: input.name, kind: input.kind, created_at: this.clock.now().toISOString(), last_seen_at: null }).execute();
      for (const supplyId of ids) await tx.insertInto('device_supplies').values({ device_id: id, supply_id: supplyId, household_id: householdId }).execute();
      // Adding a device that reports levels is the household's consent to telemetry (as giving a location is to
      // the weather), but only when the household never answered: an explicit "off" is never overridden.
      await tx
        .insertInto('consents')
        .values({ household_id: householdId, source: 'telemetry', granted: 1, updated_at: this.clock.now().toISOString() })
        .onConflict((oc) => oc.columns(['household_id', 'source']).doNothing())
        .execute();
      return this.households.issueToken(householdId, 'device', id, input.name, tx);
    });
    return { id, token };
  }

  async listDevices(householdId: string): Promise<Device[]> {
    const rows = await this.store.db.selectFrom('devices').selectAll().where('household_id', '=', householdId).orderBy('created_at').orderBy('id').execute();
    const links = await this.store.db.selectFrom('device_supplies').select(['device_id', 'supply_id']).where('household_id', '=', householdId).execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      supplyIds: links.filter((l) => l.device_id === r.id).map((l) => l.supply_id).sort(),
      lastSeenAt: r.last_seen_at,
    }));
  }

  async removeDevice(householdId: string, deviceId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const result = await tx.deleteFrom('devices').where('id', '=', deviceId).where('household_id', '=', householdId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('device', { id: deviceId });
      await this.households.revokeTokens(householdId, { scope: 'device', subjectId: deviceId }, tx);
    });
  }

  // Levels

  ingest(householdId: string, deviceId: string, readings: Reading[]): Promise<TelemetryResult> {
    return this.telemetry.ingest(householdId, deviceId, readings);
  }

  /**
   * A delivery raises the level, inside the caller's transaction (the one that marks the order
   * delivered). Products in a unit of the supply's dimension add their amount; others (a
   * cartridge for a level in %, a filter for litres left) replace the part: back to capacity.
   */
  async applyDelivery(tx: Tx, householdId: string, supplyId: string, delivery: { orderId: string; packs: number; packSize: number; packUnit: string }, events: EventBatch): Promise<void> {
    const row = await supplyRow(tx, householdId, supplyId);
    if (!row) return;
    const perPack = convert(delivery.packSize, delivery.packUnit, row.unit);
    const level = perPack === null ? row.capacity : row.level + perPack * delivery.packs;
    const at = this.clock.now().toISOString();
    await this.levels.write(tx, householdId, [{ id: `delivery:${delivery.orderId}`, supplyId, deviceId: null, level, at, source: 'delivery' }]);
    await this.levels.evaluate(tx, householdId, supplyId, events);
  }

  /**
   * Re-checks supplies not yet due: with no new reading, time alone brings `daysLeft` under the
   * lead time. One transaction per supply so one failure does not block the rest.
   */
  async evaluateDue(householdId?: string): Promise<number> {
    let q = this.store.db.selectFrom('supplies').select(['id', 'household_id']).where('low_since', 'is', null);
    if (householdId) q = q.where('household_id', '=', householdId);
    const rows = await q.execute();
    let due = 0;
    for (const row of rows) {
      const events = new EventBatch();
      const became = await this.store.transaction(async (tx) => {
        await this.levels.evaluate(tx, row.household_id, row.id, events);
        const after = await tx.selectFrom('supplies').select('low_since').where('id', '=', row.id).executeTakeFirst();
        return after?.low_since != null;
      });
      events.flush(this.bus);
      if (became) due++;
    }
    return due;
  }

  /** What each supply actually used over the history kept: the sum of the robust drops between refills. */
  async consumption(householdId: string, days = 90): Promise<Consumption[]> {
    const rows = await supplyRows(this.store.db, householdId);
    const now = this.clock.now();
    const since = new Date(now.getTime() - days * DAY_MS).toISOString();
    const out: Consumption[] = [];
    for (const row of rows) {
      const readings = await this.store.db
        .selectFrom('readings')
        .select(['level', 'at'])
        .where('supply_id', '=', row.id)
        .where('at', '>=', since)
        .orderBy('at')
        .execute();
      const points: LevelPoint[] = readings.map((r) => ({ t: Date.parse(r.at), level: r.level }));
      let consumed = 0;
      for (const seg of splitAtRefills(points, row.capacity)) {
        if (seg.length < 2) continue;
        // Each segment's drop is measured on its robust trend, not on two noisy end readings.
        const f = forecast(seg, row.capacity);
        if (f?.ratePerDay) consumed += f.ratePerDay * ((seg[seg.length - 1].t - seg[0].t) / DAY_MS);
      }
      const first = points[0];
      const last = points[points.length - 1];
      out.push({
        supplyId: row.id,
        name: row.name,
        sku: row.sku,
        storeId: row.store_id,
        unit: row.unit,
        capacity: row.capacity,
        consumed: Math.round(consumed * 1000) / 1000,
        daysObserved: first && last ? Math.round(((last.t - first.t) / DAY_MS) * 100) / 100 : 0,
        from: first ? new Date(first.t).toISOString() : null,
        to: last ? new Date(last.t).toISOString() : null,
      });
    }
    return out;
  }
}

