import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { AppError, conflict, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { HouseholdService } from '@server/households/service';
import type { Queryable, Store, Tx } from '@server/store/store';
import { lockHousehold, lockSupplies } from '@server/supplies/locks';
import { toState } from '@server/supplies/repository';
import type { SuppliesService } from '@server/supplies/service';
import type { SupplyHooks, SupplyState } from '@server/supplies/types';
import { OrderEffects, type OrderEventBatch } from './effects';
import { convert } from '@server/supplies/units';
import { audit, inFlightOrder, orderRow, ordersQuery, toOrder, transition, type OrderRow } from './repository';
import { AT_STORE_STATUSES, CANCELLABLE_STATUSES, ORDER_STATUSES, type OrderStatus } from './state-machine';
import { askStore, type StoreRegistry } from './stores/registry';
import type { Product } from './stores/types';
import type { OrdersTable } from './tables';
import type { ApproveOptions, CapExceeded, CreateOrderInput, CreateOrderResult, Order, OrderAuditEntry, OrderChannel, OrdersLog, ProcessSummary, ProductCost, Quote } from './types';
import { productCosts } from './costs';
import { MAX_QUANTITY, PROPOSAL_TTL_HOURS } from './limits';
import { OutboxDispatcher, type OutboxLease } from './dispatcher';
import { DeliveryTracker } from './tracking';

/** Money committed this month: everything that was not cancelled or failed. */
const SPENDING_STATUSES: OrderStatus[] = ['approved', 'scheduled', 'placed', 'confirmed', 'shipped', 'out_for_delivery', 'delivered'];

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The canonical request an idempotency key stands for; fields added later count only when present, so older hashes stay valid. */
export function requestHash(supplyId: string, quantity: number | undefined, extra: { total?: number; overrideCap?: boolean } = {}): string {
  const canonical: Record<string, unknown> = { supplyId, quantity: quantity ?? null };
  if (extra.total !== undefined) canonical.total = extra.total;
  if (extra.overrideCap) canonical.overrideCap = true;
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function checkQuantity(quantity: number | undefined): void {
  if (quantity === undefined) return;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) throw new AppError('orders.quantityOutOfRange', 400, { quantity, max: MAX_QUANTITY });
}

function capError(over: CapExceeded, total: number, currency: string, limit: number): AppError {
  return new AppError(over === 'overPerOrderCap' ? 'orders.overPerOrderCap' : 'orders.overMonthlyCap', 422, { total, currency, limit });
}

/** Packs to bring the supply back to capacity, when the product's unit measures the same thing. */
export function defaultQuantity(supply: { capacity: number; level: number; unit: string; reorderQuantity: number | null }, product: Product): number {
  if (supply.reorderQuantity) return supply.reorderQuantity;
  const perPack = convert(product.packSize, product.unit, supply.unit);
  if (perPack === null || perPack <= 0) return 1;
  return Math.min(MAX_QUANTITY, Math.max(1, Math.ceil((supply.capacity - supply.level) / perPack)));
}

/**
 * Orders from decision to door. Every order is a row in one state machine; deciding and sending
 * are split by an outbox row written in the deciding transaction, so the dispatcher (dispatcher.ts)
 * can crash and restart at any point without losing or doubling an order.
 */
export class OrdersService {
  private readonly dispatcher: OutboxDispatcher;
  private readonly tracker: DeliveryTracker;
  /** What other capabilities write in the transaction of an order change (the Alexa events outbox). */
  readonly effects = new OrderEffects();

  constructor(
    readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly households: HouseholdService,
    private readonly supplies: SuppliesService,
    readonly stores: StoreRegistry,
    private readonly log?: OrdersLog,
    lease?: OutboxLease,
  ) {
    this.dispatcher = new OutboxDispatcher(store, clock, bus, stores, supplies, this.effects, log, lease);
    this.tracker = new DeliveryTracker(store, clock, bus, stores, supplies, this.effects, log);
  }

  /** How supplies reaches orders: lead times, product checks and the reorder decision. */
  supplyHooks(): SupplyHooks {
    return {
      leadDays: (storeId, sku) => this.stores.find(storeId)?.leadDays(sku) ?? 2,
      checkProduct: async (storeId, sku) => {
        const adapter = this.stores.get(storeId);
        // Any currency will do to know the store sells it; the price is asked again, in the household's currency, when ordering.
        const known = await askStore(storeId, async () => (await adapter.product(sku, 'EUR', 'en')) ?? (await adapter.product(sku, 'USD', 'en')));
        if (!known) throw new AppError('orders.unknownProduct', 422, { sku, storeId });
      },
      beforeRemove: async (tx, householdId, supplyId) => {
        // An order the store holds would lose its trail (and its delivery) with the supply.
        const current = await inFlightOrder(tx, supplyId);
        if (current && AT_STORE_STATUSES.includes(current.status) && current.household_id === householdId) {
          throw conflict('orders.orderAtStore', { orderId: current.id, status: current.status });
        }
      },
      decideReorders: (supplyIds) => this.decideReorders(supplyIds),
    };
  }

  /**
   * One tick of the background work, also what tests call after moving the clock: supplies that
   * time alone made due, then the outbox, then deliveries.
   */
  async processDue(): Promise<ProcessSummary> {
    // Each step on its own: one that fails (logged) never keeps the others from running.
    const dueSupplies = await this.step('due supplies', () => this.supplies.evaluateDue(), 0);
    await this.step('expired proposals', () => this.expireProposals(), 0);
    await this.step('reorder decisions', async () => this.decideReorders(await this.supplies.reorderWanted()), undefined);
    const { dispatched, failed } = await this.step('outbox', () => this.dispatcher.dispatchDue(), { dispatched: 0, failed: 0 });
    const tracked = await this.step('delivery tracking', () => this.tracker.poll(), 0);
    return { dueSupplies, dispatched, failed, tracked };
  }

  private async step<T>(name: string, work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (err) {
      this.log?.error({ err, step: name }, 'orders: background step failed');
      return fallback;
    }
  }

  dispatchDue(): Promise<{ dispatched: number; failed: number }> {
    return this.dispatcher.dispatchDue();
  }

  trackDeliveries(): Promise<number> {
    return this.tracker.poll();
  }

  /** A status reported by a store's callback (already verified). */
  applyStoreStatus(orderId: string, status: OrderStatus): Promise<boolean> {
    return this.tracker.apply(orderId, status, 'store', 'store');
  }

  costs(householdId: string): Promise<ProductCost[]> {
    return productCosts(this.households, this.supplies, this.stores, this.store, householdId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** What an order would be now: product, quantity, price, and whether it would go over a cap (the person must then say so). */
  async quote(householdId: string, supplyId: string, quantity?: number): Promise<Quote> {
    checkQuantity(quantity);
    const supply = await this.supplies.get(householdId, supplyId);
    const household = await this.households.get(householdId);
    const quote = await this.quoteFor(supply, household.currency, household.locale, quantity);
    quote.overCap = (await this.capExceeded(this.store.db, supplyId, quote.total, household.timezone))?.over ?? null;
    return quote;
  }

  /** Asks the store (maybe over the network): never call it inside a transaction. */
  private async quoteFor(
    supply: Pick<SupplyState, 'id' | 'name' | 'sku' | 'storeId' | 'capacity' | 'level' | 'unit' | 'reorderQuantity'>,
    currency: string,
    locale: string,
    quantity?: number,
  ): Promise<Quote> {
    if (!supply.sku) throw new AppError('orders.noProduct', 422, { supply: supply.name });
    const adapter = this.stores.get(supply.storeId);
    const sku = supply.sku;
    const product = await askStore(adapter.id, () => adapter.product(sku, currency, locale));
    if (!product) throw new AppError('orders.productUnavailable', 422, { sku: supply.sku, currency });
    const qty = Math.min(MAX_QUANTITY, quantity ?? defaultQuantity(supply, product));
    return {
      supplyId: supply.id,
      supplyName: supply.name,
      storeId: supply.storeId,
      sku: product.sku,
      productName: product.name,
      quantity: qty,
      unitPrice: product.price,
      total: round2(product.price * qty),
      currency: product.currency,
      leadDays: adapter.leadDays(product.sku),
      packSize: product.packSize,
      packUnit: product.unit,
      overCap: null,
    };
  }

  /** The cap an order of `total` would go over (per order first, then the month), with its limit; null when within both. */
  private async capExceeded(db: Queryable, supplyId: string, total: number, timezone: string): Promise<{ over: CapExceeded; limit: number } | null> {
    const caps = await db.selectFrom('supplies').select(['max_per_order', 'max_per_month']).where('id', '=', supplyId).executeTakeFirst();
    if (!caps) return null;
    if (caps.max_per_order !== null && total > caps.max_per_order) return { over: 'overPerOrderCap', limit: caps.max_per_order };
    if (caps.max_per_month !== null) {
      const month = await this.monthSpend(db, supplyId, timezone);
      if (round2(month + total) > caps.max_per_month) return { over: 'overMonthlyCap', limit: caps.max_per_month };
    }
    return null;
  }

  /**
   * A person asks for an order (API, voice, mirror). The same idempotency key with the same
   * request answers the order it already created; with another request it is refused. The
   * quantity is bounded here; the caps hold for a person too, unless the request says explicitly
   * to go over them (`overrideCap`); a request carrying the total the person agreed to is refused
   * when the store's price now differs. It waits out the cancel window like any order.
   */
  async create(householdId: string, input: CreateOrderInput): Promise<CreateOrderResult> {
    checkQuantity(input.quantity);
    const hash = requestHash(input.supplyId, input.quantity, { total: input.confirmedTotal, overrideCap: input.overrideCap });
    const replay = await this.replay(householdId, input.idempotencyKey, hash);
    if (replay) return replay;
    const household = await this.households.get(householdId);
    const supply = await this.supplies.get(householdId, input.supplyId);
    // The store is asked first, outside the transaction.
    const quote = await this.quoteFor(supply, household.currency, household.locale, input.quantity);
    if (input.confirmedTotal !== undefined && (round2(input.confirmedTotal) !== quote.total || (input.confirmedCurrency !== undefined && input.confirmedCurrency !== quote.currency))) {
      throw conflict('orders.priceChanged', { total: quote.total, currency: quote.currency, confirmed: input.confirmedTotal });
    }
    const events = this.effects.batch();
    const outcome = await this.store.transaction(async (tx) => {
      await lockHousehold(tx, this.store.dialect, householdId);
      const cap = await this.capExceeded(tx, input.supplyId, quote.total, household.timezone);
      if (cap && !input.overrideCap) throw capError(cap.over, quote.total, quote.currency, cap.limit);
      const waiting = await inFlightOrder(tx, input.supplyId);
      if (waiting?.status === 'proposed') {
        // A person ordering what a proposal offers settles the proposal: one order, the person's.
        await transition(tx, waiting, 'cancelled', { actor: 'person', channel: input.channel, detail: 'superseded by an order' }, this.now(), events);
      }
      const row = this.newRow(householdId, quote, input.idempotencyKey, hash, 'scheduled', 'requested', input.channel);
      const inserted = await this.insert(tx, row);
      if (!inserted) return null;
      await audit(tx, row, null, 'approved', { actor: 'person', channel: input.channel, detail: cap ? `${cap.over}: confirmed explicitly` : null }, row.created_at);
      await this.schedule(tx, row, events, { actor: 'system', channel: input.channel });
      return row.id;
    });
    if (!outcome) {
      // Lost a race: either the same key won (a replay) or another order is in flight for the supply.
      const again = await this.replay(householdId, input.idempotencyKey, hash);
      if (again) return again;
      const current = await inFlightOrder(this.store.db, input.supplyId);
      throw conflict('orders.alreadyInFlight', { orderId: current?.id ?? '', status: current?.status ?? '' });
    }
    events.flush(this.bus);
    return { order: await this.get(householdId, outcome), created: true };
  }

  private async replay(householdId: string, key: string, hash: string): Promise<CreateOrderResult | null> {
    const existing = await ordersQuery(this.store.db).where('orders.household_id', '=', householdId).where('orders.idempotency_key', '=', key).executeTakeFirst();
    if (!existing) return null;
    if (existing.request_hash !== hash) throw new AppError('orders.idempotencyKeyReused', 422);
    return { order: toOrder(existing), created: false };
  }

  private newRow(householdId: string, quote: Quote, key: string, hash: string, status: OrderStatus, reason: string, channel: string): OrdersTable {
    const now = this.now();
    const id = newId();
    return {
      id,
      household_id: householdId,
      supply_id: quote.supplyId,
      store_id: quote.storeId,
      sku: quote.sku,
      quantity: quote.quantity,
      unit_price: quote.unitPrice,
      total: quote.total,
      currency: quote.currency,
      status,
      idempotency_key: key,
      request_hash: hash,
      reason,
      channel,
      send_after: null,
      store_order_ref: null,
      failure: null,
      pack_size: quote.packSize,
      pack_unit: quote.packUnit,
      store_key: id,
      expires_at: status === 'proposed' ? new Date(this.clock.now().getTime() + PROPOSAL_TTL_HOURS * 3_600_000).toISOString() : null,
      created_at: now,
      updated_at: now,
    };
  }

  /** Insert guarded by the database: a second order in flight for the supply, or a reused key, inserts nothing. */
  private async insert(tx: Tx, row: OrdersTable): Promise<boolean> {
    const insertAs: OrdersTable = { ...row, status: row.status === 'scheduled' ? 'approved' : row.status };
    const result = await tx.insertInto('orders').values(insertAs).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    row.status = insertAs.status;
    return true;
  }

  /** approved → scheduled: the cancel window starts, and the outbox row that will send it is written in the same transaction. */
  private async schedule(tx: Tx, row: OrdersTable, events: OrderEventBatch, who: { actor: 'person' | 'system'; channel: string }): Promise<void> {
    const supply = await tx.selectFrom('supplies').select(['cancel_window_hours', 'name']).where('id', '=', row.supply_id).executeTakeFirstOrThrow();
    const now = this.clock.now();
    const sendAfter = new Date(now.getTime() + supply.cancel_window_hours * 3_600_000).toISOString();
    const moved = await transition(tx, row, 'scheduled', { actor: who.actor, channel: who.channel as OrderChannel }, now.toISOString(), events, { send_after: sendAfter });
    if (!moved) return;
    await tx
      .insertInto('outbox')
      .values({ id: newId(), household_id: row.household_id, order_id: row.id, kind: 'place', available_at: sendAfter, attempts: 0, last_error: null, done_at: null, created_at: now.toISOString() })
      .execute();
    events.add('notification', row.household_id, {
      key: 'orders.notify.scheduled',
      params: { name: supply.name, total: row.total, currency: row.currency, hours: supply.cancel_window_hours },
      level: 'info',
    });
  }

  /**
   * The reorder decisions supplies asks for (a supply became due, or a retry's backoff is over),
   * one supply at a time. Never throws: a decision that fails stays wanted for the next tick.
   */
  async decideReorders(supplyIds: string[]): Promise<void> {
    for (const supplyId of supplyIds) {
      try {
        await this.decideReorder(supplyId);
      } catch (err) {
        this.log?.warn({ err, supplyId }, 'orders: reorder decision failed; the next tick tries again');
      }
    }
  }

  /**
   * Fetch first, then write: the store's price is asked with no transaction open, then one
   * transaction checks the request is still the one read (compare-and-set on `reorder_after`)
   * and decides. `ask` proposes; `auto` schedules within the caps, and proposes instead when over
   * one. A store that cannot quote now is asked again later (backoff), with a notification.
   */
  private async decideReorder(supplyId: string): Promise<void> {
    const now = this.clock.now();
    const row = await this.store.db.selectFrom('supplies').selectAll().where('id', '=', supplyId).executeTakeFirst();
    if (!row || row.reorder_after === null || row.reorder_after > now.toISOString()) return;
    const requested = row.reorder_after;
    const supply = toState(row, now);
    const household = await this.households.get(supply.householdId);
    const waiting = await inFlightOrder(this.store.db, supplyId);
    let quote: Quote | null = null;
    let unavailable = false;
    if (supply.sku && supply.policy.mode !== 'notify' && (!waiting || this.expired(waiting))) {
      try {
        quote = await this.quoteFor(supply, household.currency, household.locale);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        unavailable = true;
      }
    }
    const events = this.effects.batch();
    await this.store.transaction(async (tx) => {
      await lockSupplies(tx, this.store.dialect, [supplyId]);
      const current = await tx.selectFrom('supplies').select(['reorder_after', 'low_since', 'policy_mode']).where('id', '=', supplyId).executeTakeFirst();
      // Decided meanwhile (another tick, another instance) or recovered: nothing to do.
      if (!current || current.reorder_after !== requested) return;
      if (current.low_since === null || current.policy_mode === 'notify') return this.supplies.settleReorder(tx, supplyId);
      if (!supply.sku) {
        events.add('notification', supply.householdId, { key: 'orders.notify.noProduct', params: { name: supply.name }, level: 'warning' });
        return this.supplies.settleReorder(tx, supplyId);
      }
      let inFlight = await inFlightOrder(tx, supplyId);
      if (inFlight && this.expired(inFlight)) {
        await this.expireProposal(tx, inFlight, events);
        inFlight = undefined;
      }
      // One order in flight per supply: that order is the reorder.
      if (inFlight) return this.supplies.settleReorder(tx, supplyId);
      if (unavailable) {
        const again = await this.supplies.reorderAgain(tx, supply.householdId, supplyId);
        events.add('notification', supply.householdId, { key: 'orders.notify.unavailable', params: { name: supply.name, hours: again?.hours ?? 0 }, level: 'warning' });
        return;
      }
      // An order was in flight when the price was asked and is gone now: the next tick decides, at a fresh price.
      if (!quote) return;
      await lockHousehold(tx, this.store.dialect, supply.householdId);
      await this.supplies.settleReorder(tx, supplyId);
      let reason = supply.policy.mode === 'ask' ? 'askPolicy' : 'policy';
      if (supply.policy.mode === 'auto') {
        const cap = await this.capExceeded(tx, supplyId, quote.total, household.timezone);
        if (cap) reason = cap.over;
      }
      const proposal = reason !== 'policy';
      const key = `auto:${newId()}`;
      const order = this.newRow(supply.householdId, quote, key, requestHash(supply.id, quote.quantity), proposal ? 'proposed' : 'scheduled', reason, 'system');
      if (!(await this.insert(tx, order))) return;
      if (proposal) {
        await audit(tx, order, null, 'proposed', { actor: 'system', channel: 'system', detail: reason }, order.created_at);
        await events.orderChanged(tx, { kind: 'proposal', householdId: supply.householdId, orderId: order.id, supplyId: supply.id });
        events.add('notification', supply.householdId, {
          key: 'orders.notify.proposal',
          params: { name: supply.name, total: order.total, currency: order.currency, quantity: order.quantity },
          level: 'info',
        });
        return;
      }
      await audit(tx, order, null, 'approved', { actor: 'system', channel: 'system', detail: 'auto policy within caps' }, order.created_at);
      await this.schedule(tx, order, events, { actor: 'system', channel: 'system' });
    });
    events.flush(this.bus);
  }

  private expired(row: Pick<OrdersTable, 'status' | 'expires_at'>): boolean {
    return row.status === 'proposed' && row.expires_at !== null && Date.parse(row.expires_at) <= this.clock.now().getTime();
  }

  /** Withdraws a proposal nobody answered in time. */
  private async expireProposal(tx: Tx, row: OrdersTable, events: OrderEventBatch): Promise<boolean> {
    if (!(await transition(tx, row, 'cancelled', { actor: 'system', channel: 'system', detail: 'expired' }, this.now(), events))) return false;
    const supply = await tx.selectFrom('supplies').select('name').where('id', '=', row.supply_id).executeTakeFirst();
    events.add('notification', row.household_id, { key: 'orders.notify.proposalExpired', params: { name: supply?.name ?? row.sku }, level: 'info' });
    return true;
  }

  /**
   * Proposals past their expiry are withdrawn; they stop blocking the supply, whose reorder is
   * wanted again (after the backoff) while it is still low: `auto` may then order, `ask`
   * proposes again at the day's price.
   */
  async expireProposals(): Promise<number> {
    const rows = await this.store.db
      .selectFrom('orders')
      .selectAll()
      .where('status', '=', 'proposed')
      .where('expires_at', 'is not', null)
      .where('expires_at', '<=', this.now())
      .limit(100)
      .execute();
    let expired = 0;
    for (const row of rows) {
      const events = this.effects.batch();
      try {
        const done = await this.store.transaction(async (tx) => {
          await lockSupplies(tx, this.store.dialect, [row.supply_id]);
          const current = await tx.selectFrom('orders').selectAll().where('id', '=', row.id).executeTakeFirst();
          if (!current || !this.expired(current) || !(await this.expireProposal(tx, current, events))) return false;
          await this.supplies.reorderAgain(tx, current.household_id, current.supply_id);
          return true;
        });
        events.flush(this.bus);
        if (done) expired++;
      } catch (err) {
        this.log?.warn({ err, orderId: row.id }, 'orders: could not withdraw an expired proposal');
      }
    }
    return expired;
  }

  /** Spent on this supply in the household's current calendar month. */
  private async monthSpend(db: Queryable, supplyId: string, timezone: string): Promise<number> {
    const start = DateTime.fromJSDate(this.clock.now()).setZone(timezone).startOf('month').toUTC().toISO() ?? this.now();
    const row = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.sum<number>('total').as('spent'))
      .where('supply_id', '=', supplyId)
      .where('status', 'in', SPENDING_STATUSES)
      .where('created_at', '>=', start)
      .executeTakeFirst();
    return Number(row?.spent ?? 0);
  }

  /**
   * A person approves a proposal. It must still be open (not expired); the store is asked again
   * for the price first: when it differs from what the proposal showed (or from the total the
   * person confirmed), the proposal is repriced and the approval refused, so nobody approves an
   * old price. The caps hold at approval too, unless the person says explicitly to go over them.
   */
  async approve(householdId: string, orderId: string, channel: OrderChannel, options: ApproveOptions = {}): Promise<Order> {
    const proposal = await orderRow(this.store.db, householdId, orderId);
    if (!proposal) throw notFound('order', { id: orderId });
    if (proposal.status !== 'proposed') throw conflict('orders.notAProposal', { status: proposal.status });
    if (this.expired(proposal)) throw conflict('orders.proposalExpired');
    const household = await this.households.get(householdId);
    const supply = await this.supplies.get(householdId, proposal.supply_id);
    const quote = await this.quoteFor(supply, household.currency, household.locale, proposal.quantity);
    const confirmed = options.confirmedTotal !== undefined ? round2(options.confirmedTotal) : proposal.total;
    if (quote.total !== proposal.total || quote.currency !== proposal.currency || confirmed !== quote.total) {
      const events = this.effects.batch();
      if (quote.total !== proposal.total || quote.currency !== proposal.currency) await this.reprice(proposal, quote, events);
      events.flush(this.bus);
      throw conflict('orders.priceChanged', { total: quote.total, currency: quote.currency, confirmed });
    }
    const events = this.effects.batch();
    await this.store.transaction(async (tx) => {
      await lockSupplies(tx, this.store.dialect, [proposal.supply_id]);
      await lockHousehold(tx, this.store.dialect, householdId);
      const row = await orderRow(tx, householdId, orderId);
      if (!row) throw notFound('order', { id: orderId });
      if (row.status !== 'proposed' || row.total !== quote.total) throw conflict('orders.notAProposal', { status: row.status });
      if (this.expired(row)) throw conflict('orders.proposalExpired');
      const cap = await this.capExceeded(tx, row.supply_id, row.total, household.timezone);
      if (cap && !options.overrideCap) throw capError(cap.over, row.total, row.currency, cap.limit);
      const detail = cap ? `${cap.over}: confirmed explicitly` : null;
      if (!(await transition(tx, row, 'approved', { actor: 'person', channel, detail }, this.now(), events))) throw conflict('orders.notAProposal', { status: row.status });
      await this.schedule(tx, row, events, { actor: 'system', channel });
    });
    events.flush(this.bus);
    return this.get(householdId, orderId);
  }

  /** The proposal shows the store's current price from now on (the person is asked again). */
  private async reprice(proposal: OrdersTable, quote: Quote, events: OrderEventBatch): Promise<void> {
    const at = this.now();
    const result = await this.store.db
      .updateTable('orders')
      .set({ unit_price: quote.unitPrice, total: quote.total, currency: quote.currency, pack_size: quote.packSize, pack_unit: quote.packUnit, updated_at: at })
      .where('id', '=', proposal.id)
      .where('status', '=', 'proposed')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) {
      events.add('order.updated', proposal.household_id, { orderId: proposal.id, supplyId: proposal.supply_id, status: 'proposed', previousStatus: 'proposed' });
    }
  }

  async decline(householdId: string, orderId: string, channel: OrderChannel): Promise<Order> {
    const events = this.effects.batch();
    await this.store.transaction(async (tx) => {
      const row = await orderRow(tx, householdId, orderId);
      if (!row) throw notFound('order', { id: orderId });
      if (row.status !== 'proposed' || !(await transition(tx, row, 'cancelled', { actor: 'person', channel, detail: 'declined' }, this.now(), events))) {
        throw conflict('orders.notAProposal', { status: row.status });
      }
    });
    events.flush(this.bus);
    return this.get(householdId, orderId);
  }

  /** Possible until the order leaves the house (the end of the cancel window); after that it is the store's. */
  async cancel(householdId: string, orderId: string, channel: OrderChannel): Promise<Order> {
    const events = this.effects.batch();
    await this.store.transaction(async (tx) => {
      const row = await orderRow(tx, householdId, orderId);
      if (!row) throw notFound('order', { id: orderId });
      const now = this.clock.now();
      const windowOpen = row.status !== 'scheduled' || (row.send_after !== null && now.getTime() < Date.parse(row.send_after));
      if (!CANCELLABLE_STATUSES.includes(row.status) || !windowOpen) throw conflict('orders.tooLateToCancel', { status: row.status });
      if (!(await transition(tx, row, 'cancelled', { actor: 'person', channel }, now.toISOString(), events))) throw conflict('orders.tooLateToCancel', { status: row.status });
      // The outbox row goes with it: nothing will be sent.
      await tx.updateTable('outbox').set({ done_at: now.toISOString(), last_error: 'cancelled' }).where('order_id', '=', row.id).where('done_at', 'is', null).execute();
    });
    events.flush(this.bus);
    return this.get(householdId, orderId);
  }

  async get(householdId: string, orderId: string): Promise<Order> {
    const row = await orderRow(this.store.db, householdId, orderId);
    if (!row) throw notFound('order', { id: orderId });
    return toOrder(row);
  }

  async list(householdId: string, filter: { status?: OrderStatus; limit?: number } = {}): Promise<Order[]> {
    let q = ordersQuery(this.store.db).where('orders.household_id', '=', householdId);
    if (filter.status) q = q.where('orders.status', '=', filter.status);
    const rows: OrderRow[] = await q.orderBy('orders.created_at', 'desc').orderBy('orders.id').limit(filter.limit ?? 200).execute();
    return rows.map(toOrder);
  }

  /** Proposals a person can still approve (an expired one is withdrawn at the next tick, and is not offered meanwhile). */
  async listProposals(householdId: string): Promise<Order[]> {
    const rows: OrderRow[] = await ordersQuery(this.store.db)
      .where('orders.household_id', '=', householdId)
      .where('orders.status', '=', 'proposed')
      .where((eb) => eb.or([eb('orders.expires_at', 'is', null), eb('orders.expires_at', '>', this.now())]))
      .orderBy('orders.created_at', 'desc')
      .orderBy('orders.id')
      .execute();
    return rows.map(toOrder);
  }

  async latest(householdId: string): Promise<Order | null> {
    const [first] = await this.list(householdId, { limit: 1 });
    return first ?? null;
  }

  /** Who did what to an order, from which channel: for the privacy export. */
  async history(householdId: string, orderId?: string): Promise<OrderAuditEntry[]> {
    let q = this.store.db.selectFrom('order_events').selectAll().where('household_id', '=', householdId);
    if (orderId) q = q.where('order_id', '=', orderId);
    const rows = await q.orderBy('at').execute();
    // Steps of one decision share a timestamp; the state machine's order tells which came first.
    rows.sort((a, b) => a.at.localeCompare(b.at) || ORDER_STATUSES.indexOf(a.to_status as OrderStatus) - ORDER_STATUSES.indexOf(b.to_status as OrderStatus));
    return rows.map((r) => ({ id: r.id, orderId: r.order_id, fromStatus: r.from_status, toStatus: r.to_status, actor: r.actor, channel: r.channel, detail: r.detail, at: r.at }));
  }
}
