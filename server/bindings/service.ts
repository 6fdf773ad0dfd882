import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { AppError, badRequest, conflict, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { Store } from '@server/store/store';
import type { SuppliesService } from '@server/supplies/service';
import { convert } from '@server/supplies/units';
import { extractFrom, isValidPointer, parsePayload } from './payload';
import type { BindingPatchBody, NewBindingBody } from './schemas';
import type { DeviceBindingsTable } from './tables';
import { filterProblem, topicMatches } from './topics';

/** An unchanged value is stored again after this long, so the forecast learns that nothing was used. */
export const UNCHANGED_KEEP_MS = 60 * 60_000;
export const DEFAULT_MIN_INTERVAL_SECONDS = 60;
const MAX_BINDINGS_PER_HOUSEHOLD = 100;

export type BindingOutcome = 'stored' | 'duplicate' | 'rateLimited' | 'retained' | 'missingField' | 'notANumber' | 'rejected' | 'refused';

export interface LastMessage {
  at: string;
  topic: string;
  outcome: BindingOutcome;
  reason?: string;
  value?: number;
  level?: number;
}

export interface Binding {
  id: string;
  deviceId: string;
  supplyId: string;
  topic: string;
  pointer: string;
  unit: string;
  scale: number;
  offset: number;
  minIntervalSeconds: number;
  createdAt: string;
  lastMessage: LastMessage | null;
}

export interface MessageResult extends LastMessage {
  bindingId: string;
  householdId: string;
}

/**
 * Device bindings: a supply fed by a topic a device already publishes (zigbee2mqtt, Tasmota,
 * ESPHome, Shelly…), described as data (topic, JSON Pointer, unit, scale/offset), never as code.
 * Each matching message becomes at most one reading through the supplies' one ingestion path, so
 * consent, units, capacity checks, idempotency and reorders are the same as for Miroir's own
 * devices. The binding adds what foreign payloads need: a missing field is no reading, a numeric
 * string is a number, and readings are rate-limited and de-duplicated per binding.
 *
 * Trust: a binding is configured by the household, so it speaks for its device without a device
 * token; whoever can publish on its topic can feed that supply (restrict the topic in the broker's
 * ACLs).
 */
export class BindingsService {
  private cache: DeviceBindingsTable[] | null = null;
  /** The last stored reading per binding (seeded from the store), for the rate limit and de-duplication. */
  private readonly lastStored = new Map<string, { at: number; level: number }>();
  private readonly lastMessages = new Map<string, LastMessage>();
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly supplies: SuppliesService,
    private readonly bus: EventBus,
    /** Miroir's own MQTT root, which a binding may not read. */
    readonly miroirRoot = 'miroir',
  ) {}

  /** The subscriber follows the set of topics. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    this.cache = null;
    for (const listener of this.changeListeners) listener();
  }

  /** Forgets cached bindings (a supply or device was deleted elsewhere; its bindings went with it). */
  invalidate(): void {
    this.changed();
  }

  private async all(): Promise<DeviceBindingsTable[]> {
    if (!this.cache) this.cache = await this.store.db.selectFrom('device_bindings').selectAll().orderBy('created_at').orderBy('id').execute();
    return this.cache;
  }

  /** Every distinct topic filter of every household, for the subscriber. */
  async filters(): Promise<string[]> {
    return [...new Set((await this.all()).map((b) => b.topic))].sort();
  }

  private view(row: DeviceBindingsTable): Binding {
    return {
      id: row.id,
      deviceId: row.device_id,
      supplyId: row.supply_id,
      topic: row.topic,
      pointer: row.pointer,
      unit: row.unit,
      scale: row.scale,
      offset: row.value_offset,
      minIntervalSeconds: row.min_interval_seconds,
      createdAt: row.created_at,
      lastMessage: this.lastMessages.get(row.id) ?? null,
    };
  }

  async list(householdId: string): Promise<Binding[]> {
    const rows = await this.store.db.selectFrom('device_bindings').selectAll().where('household_id', '=', householdId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => this.view(r));
  }

  async get(householdId: string, bindingId: string): Promise<Binding> {
    const row = await this.store.db.selectFrom('device_bindings').selectAll().where('id', '=', bindingId).where('household_id', '=', householdId).executeTakeFirst();
    if (!row) throw notFound('binding', { id: bindingId });
    return this.view(row);
  }

  private checkShape(input: { topic?: string; pointer?: string; scale?: number }): void {
    if (input.topic !== undefined) {
      const problem = filterProblem(input.topic, this.miroirRoot);
      if (problem) throw badRequest('bindings.badTopic', { topic: input.topic, problem });
    }
    if (input.pointer !== undefined && !isValidPointer(input.pointer)) throw badRequest('bindings.badPointer', { pointer: input.pointer });
    if (input.scale === 0) throw badRequest('bindings.zeroScale');
  }

  async create(householdId: string, input: NewBindingBody): Promise<Binding> {
    this.checkShape(input);
    const id = newId();
    const linked = await this.store.transaction(async (tx) => {
      const device = await tx.selectFrom('devices').select('id').where('id', '=', input.deviceId).where('household_id', '=', householdId).executeTakeFirst();
      if (!device) throw notFound('device', { id: input.deviceId });
      const supply = await tx.selectFrom('supplies').select(['id', 'unit']).where('id', '=', input.supplyId).where('household_id', '=', householdId).executeTakeFirst();
      if (!supply) throw notFound('supply', { id: input.supplyId });
      if (convert(1, input.unit, supply.unit) === null) throw badRequest('bindings.wrongUnit', { unit: input.unit, supplyUnit: supply.unit });
      const same = await tx
        .selectFrom('device_bindings')
        .select('id')
        .where('household_id', '=', householdId)
        .where('supply_id', '=', input.supplyId)
        .where('topic', '=', input.topic)
        .where('pointer', '=', input.pointer)
        .executeTakeFirst();
      // The same field feeding the same supply twice would store every reading twice.
      if (same) throw conflict('bindings.duplicate', { id: same.id });
      const count = await tx.selectFrom('device_bindings').select((eb) => eb.fn.countAll<number>().as('n')).where('household_id', '=', householdId).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_BINDINGS_PER_HOUSEHOLD) throw conflict('bindings.tooMany', { max: MAX_BINDINGS_PER_HOUSEHOLD });
      // A binding says this device measures this supply: the link the ingestion checks.
      const link = await tx
        .insertInto('device_supplies')
        .values({ device_id: input.deviceId, supply_id: input.supplyId, household_id: householdId })
        .onConflict((oc) => oc.columns(['device_id', 'supply_id']).doNothing())
        .executeTakeFirst();
      await tx
        .insertInto('device_bindings')
        .values({
          id,
          household_id: householdId,
          device_id: input.deviceId,
          supply_id: input.supplyId,
          topic: input.topic,
          pointer: input.pointer,
          unit: input.unit,
          scale: input.scale ?? 1,
          value_offset: input.offset ?? 0,
          min_interval_seconds: input.minIntervalSeconds ?? DEFAULT_MIN_INTERVAL_SECONDS,
          created_at: this.clock.now().toISOString(),
        })
        .execute();
      return Number(link.numInsertedOrUpdatedRows ?? 0) > 0;
    });
    this.changed();
    // The supply's deviceIds changed (Home Assistant groups a supply under its device).
    if (linked) this.bus.publish('supply.changed', householdId, { supplyId: input.supplyId, change: 'updated' });
    return this.get(householdId, id);
  }

  async update(householdId: string, bindingId: string, patch: BindingPatchBody): Promise<Binding> {
    this.checkShape(patch);
    await this.store.transaction(async (tx) => {
      const row = await tx.selectFrom('device_bindings').selectAll().where('id', '=', bindingId).where('household_id', '=', householdId).executeTakeFirst();
      if (!row) throw notFound('binding', { id: bindingId });
      if (patch.unit !== undefined) {
        const supply = await tx.selectFrom('supplies').select('unit').where('id', '=', row.supply_id).executeTakeFirstOrThrow();
        if (convert(1, patch.unit, supply.unit) === null) throw badRequest('bindings.wrongUnit', { unit: patch.unit, supplyUnit: supply.unit });
      }
      await tx
        .updateTable('device_bindings')
        .set({
          topic: patch.topic ?? row.topic,
          pointer: patch.pointer ?? row.pointer,
          unit: patch.unit ?? row.unit,
          scale: patch.scale ?? row.scale,
          value_offset: patch.offset ?? row.value_offset,
          min_interval_seconds: patch.minIntervalSeconds ?? row.min_interval_seconds,
        })
        .where('id', '=', bindingId)
        .execute();
    });
    // A new scale or offset changes what "the same value" means.
    this.lastStored.delete(bindingId);
    this.changed();
    return this.get(householdId, bindingId);
  }

  async remove(householdId: string, bindingId: string): Promise<void> {
    const result = await this.store.db.deleteFrom('device_bindings').where('id', '=', bindingId).where('household_id', '=', householdId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('binding', { id: bindingId });
    this.lastStored.delete(bindingId);
    this.lastMessages.delete(bindingId);
    this.changed();
  }

  /** Drops what is kept in memory for an erased household. */
  forgetHousehold(householdId: string): void {
    for (const row of this.cache ?? []) {
      if (row.household_id !== householdId) continue;
      this.lastStored.delete(row.id);
      this.lastMessages.delete(row.id);
    }
    this.changed();
  }

  /**
   * One message off the broker: every binding whose topic matches gets its own outcome. A retained
   * message is a replay of some past state with no time of its own (the broker hands it over on
   * every subscribe): it is never stored as a reading taken now.
   */
  async handleMessage(topic: string, payload: Buffer | string, options: { retained?: boolean } = {}): Promise<MessageResult[]> {
    const matching = (await this.all()).filter((b) => topicMatches(b.topic, topic));
    if (matching.length === 0) return [];
    // Parsed once, however many bindings read a field of it.
    const document = parsePayload(payload);
    const results: MessageResult[] = [];
    for (const binding of matching) {
      const outcome = await this.apply(binding, document, options.retained === true);
      const last: LastMessage = { at: this.clock.now().toISOString(), topic, ...outcome };
      this.lastMessages.set(binding.id, last);
      results.push({ bindingId: binding.id, householdId: binding.household_id, ...last });
    }
    return results;
  }

  private async apply(b: DeviceBindingsTable, document: unknown, retained: boolean): Promise<Omit<LastMessage, 'at' | 'topic'>> {
    const extracted = extractFrom(document, b.pointer);
    if (extracted.kind !== 'value') return { outcome: extracted.kind };
    const value = extracted.value;
    const level = Math.round((value * b.scale + b.value_offset) * 1e6) / 1e6;
    if (retained) return { outcome: 'retained', value, level };
    const now = this.clock.now().getTime();
    const last = await this.lastStoredOf(b);
    if (last && now - last.at < b.min_interval_seconds * 1000) return { outcome: 'rateLimited', value, level };
    if (last && last.level === level && now - last.at < UNCHANGED_KEEP_MS) return { outcome: 'duplicate', value, level };
    try {
      const result = await this.supplies.ingest(b.household_id, b.device_id, [
        { id: `binding:${b.id}:${now}`, supplyId: b.supply_id, level, unit: b.unit, at: new Date(now).toISOString() },
      ]);
      const r = result.results[0];
      if (r.status === 'stored') {
        this.lastStored.set(b.id, { at: now, level });
        return { outcome: 'stored', value, level };
      }
      if (r.status === 'duplicate') return { outcome: 'duplicate', value, level };
      // A supply deleted since the cache was read: its bindings are gone too.
      if (r.reason === 'unknownSupply') this.invalidate();
      return { outcome: 'rejected', reason: r.reason, value, level };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'UNKNOWN_DEVICE') this.invalidate();
      return { outcome: 'refused', reason: err.code, value, level };
    }
  }

  private async lastStoredOf(b: DeviceBindingsTable): Promise<{ at: number; level: number } | null> {
    const known = this.lastStored.get(b.id);
    if (known) return known;
    const row = await this.store.db
      .selectFrom('readings')
      .innerJoin('supplies', 'supplies.id', 'readings.supply_id')
      .select(['readings.level', 'readings.at', 'supplies.unit'])
      .where('readings.household_id', '=', b.household_id)
      .where('readings.supply_id', '=', b.supply_id)
      .where('readings.id', 'like', `binding:${b.id}:%`)
      .orderBy('readings.at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    // Readings are kept in the supply's unit; the binding compares in its own.
    const level = convert(row.level, row.unit, b.unit);
    const seeded = { at: Date.parse(row.at), level: level === null ? Number.NaN : Math.round(level * 1e6) / 1e6 };
    this.lastStored.set(b.id, seeded);
    return seeded;
  }
}
