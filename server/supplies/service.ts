import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { badRequest, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { HouseholdService } from '@server/households/service';
import type { ConsentService } from '@server/privacy/consents';
import type { Queryable, Store, Tx } from '@server/store/store';
import { forecast, splitAtRefills, type LevelPoint } from './forecast';
import { LevelTracker } from './levels';
import { lockSupplies } from './locks';
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
  decideReorders: async () => {},
};

/** A reorder tried again after a failed or cancelled order waits 1, 2, 4 … hours, at most a day. */
export function reorderBackoffHours(attempts: number): number {
  return Math.min(24, 2 ** Math.max(0, attempts - 1));
}

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
    private readonly consents: ConsentService,
  ) {
    this.levels = new LevelTracker(clock, store.dialect, () => this.hooks);
    this.telemetry = new TelemetryIngestion(store, clock, bus, consents, this.levels, (ids) => this.hooks.decideReorders(ids));
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
    const wanted = await this.store.transaction(async (tx) => {
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
          forecast_at: null,
          low_since: null,
          reorder_after: null,
          reorder_attempts: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (input.level !== undefined) {
        await this.levels.write(tx, householdId, [{ id: `manual:${newId()}`, supplyId: id, deviceId: null, level: input.level, at: now, source: 'manual' }]);
      }
      events.add('supply.changed', householdId, { supplyId: id, change: 'created' });
      return this.levels.evaluate(tx, householdId, id, events);
    });
    events.flush(this.bus);
    if (wanted) await this.hooks.decideReorders([id]);
    return this.get(householdId, id);
  }

  async update(householdId: string, supplyId: string, patch: SupplyPatch): Promise<Supply> {
    // A new product is checked with its store first, outside the transaction (it may be a network call).
    let product: { sku: string | null; storeId: string } | null = null;
    if (patch.sku !== undefined || patch.storeId !== undefined) {
      const current = await supplyRow(this.store.db, householdId, supplyId);
      if (!current) throw notFound('supply', { id: supplyId });
      product = { sku: patch.sku !== undefined ? patch.sku : current.sku, storeId: patch.storeId ?? current.store_id };
      if (product.sku && (product.sku !== current.sku || product.storeId !== current.store_id)) await this.hooks.checkProduct(product.storeId, product.sku);
    }
    const events = new EventBatch();
    const wanted = await this.store.transaction(async (tx) => {
      const row = await supplyRow(tx, householdId, supplyId);
      if (!row) throw notFound('supply', { id: supplyId });
      this.checkShape(patch.capacity ?? row.capacity, patch.level, patch.reorderPoint ?? row.reorder_point);
      // Exactly the pair that was checked, when the patch names one.
      const storeId = product ? product.storeId : row.store_id;
      const sku = product ? product.sku : row.sku;
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
      events.add('supply.changed', householdId, { supplyId, change: 'updated' });
      return this.levels.evaluate(tx, householdId, supplyId, events);
    });
    events.flush(this.bus);
    if (wanted) await this.hooks.decideReorders([supplyId]);
    return this.get(householdId, supplyId);
  }

  async remove(householdId: string, supplyId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await supplyRow(tx, householdId, supplyId))) throw notFound('supply', { id: supplyId });
      await this.hooks.beforeRemove(tx, householdId, supplyId);
      await tx.deleteFrom('supplies').where('id', '=', supplyId).where('household_id', '=', householdId).execute();
    });
    this.bus.publish('supply.changed', householdId, { supplyId, change: 'removed' });
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
      // Adding a device that reports levels implies consent to telemetry, unless the household said no.
      await this.consents.grantImplied(householdId, 'telemetry', tx);
      return this.households.tokens.issue(householdId, 'device', id, input.name, tx);
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
      await this.households.tokens.revokeWhere(householdId, { scope: 'device', subjectId: deviceId }, tx);
    });
  }

  // Levels

  ingest(householdId: string, deviceId: string, readings: Reading[]): Promise<TelemetryResult> {
    return this.telemetry.ingest(householdId, deviceId, readings);
  }

  /**
   * A delivery raises the level, inside the caller's transaction (the one that marks the order
   * delivered), by the packs ordered at the pack size the order recorded (never today's
   * catalogue). Products in a unit of the supply's dimension add their amount; others (a
   * cartridge for a level in %, a filter for litres left), or an order that recorded no pack
   * size, replace the part: back to capacity.
   */
  async applyDelivery(tx: Tx, householdId: string, supplyId: string, delivery: { orderId: string; packs: number; packSize: number | null; packUnit: string | null }, events: EventBatch): Promise<void> {
    const row = await supplyRow(tx, householdId, supplyId);
    if (!row) return;
    const perPack = delivery.packSize === null || delivery.packUnit === null ? null : convert(delivery.packSize, delivery.packUnit, row.unit);
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
    const wanted: string[] = [];
    for (const row of rows) {
      const events = new EventBatch();
      const became = await this.store.transaction(async (tx) => {
        if (await this.levels.evaluate(tx, row.household_id, row.id, events)) wanted.push(row.id);
        const after = await tx.selectFrom('supplies').select('low_since').where('id', '=', row.id).executeTakeFirst();
        return after?.low_since != null;
      });
      events.flush(this.bus);
      if (became) due++;
    }
    if (wanted.length) await this.hooks.decideReorders(wanted);
    return due;
  }

  /** Supplies whose reorder decision is wanted by now (just due, left over by a crash, or a retry whose backoff is over). */
  async reorderWanted(limit = 100): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('supplies')
      .select('id')
      .where('reorder_after', 'is not', null)
      .where('reorder_after', '<=', this.clock.now().toISOString())
      .orderBy('reorder_after')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The decision was made (an order, a proposal, or nothing to do): the request is settled. */
  async settleReorder(tx: Tx, supplyId: string): Promise<void> {
    await tx.updateTable('supplies').set({ reorder_after: null }).where('id', '=', supplyId).execute();
  }

  /**
   * The order meant to refill a supply ended without a delivery (failed, cancelled by the store,
   * a proposal nobody answered): while the supply is still low and its policy orders, its reorder
   * is wanted again after a backoff. Returns when, or null when nothing more will be tried.
   */
  async reorderAgain(tx: Tx, householdId: string, supplyId: string): Promise<{ at: string; hours: number } | null> {
    await lockSupplies(tx, this.store.dialect, [supplyId]);
    const row = await supplyRow(tx, householdId, supplyId);
    if (!row || row.low_since === null || row.policy_mode === 'notify') return null;
    const attempts = row.reorder_attempts + 1;
    const hours = reorderBackoffHours(attempts);
    const at = new Date(this.clock.now().getTime() + hours * 3_600_000).toISOString();
    await tx.updateTable('supplies').set({ reorder_after: at, reorder_attempts: attempts }).where('id', '=', supplyId).execute();
    return { at, hours };
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

