import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { AppError, conflict, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { HouseholdService } from '@server/households/service';
import type { Store, Tx } from '@server/store/store';
import { lockHousehold } from '@server/supplies/locks';
import type { SuppliesService } from '@server/supplies/service';
import { EventBatch, type SupplyHooks, type SupplyState } from '@server/supplies/types';
import { convert } from '@server/supplies/units';
import { audit, inFlightOrder, orderRow, ordersQuery, toOrder, transition, type OrderRow } from './repository';
import { AT_STORE_STATUSES, CANCELLABLE_STATUSES, ORDER_STATUSES, type OrderStatus } from './state-machine';
import { askStore, type StoreRegistry } from './stores/registry';
import type { Product } from './stores/types';
import type { OrdersTable } from './tables';
import type { CreateOrderInput, CreateOrderResult, Order, OrderAuditEntry, OrderChannel, OrdersLog, ProcessSummary, ProductCost, Quote } from './types';
import { productCosts } from './costs';
import { OutboxDispatcher } from './dispatcher';
import { DeliveryTracker } from './tracking';

const MAX_QUANTITY = 20;
/** Money committed this month: everything that was not cancelled or failed. */
const SPENDING_STATUSES: OrderStatus[] = ['approved', 'scheduled', 'placed', 'confirmed', 'shipped', 'out_for_delivery', 'delivered'];

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function requestHash(supplyId: string, quantity: number | undefined): string {
  return createHash('sha256').update(JSON.stringify({ supplyId, quantity: quantity ?? null })).digest('hex');
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

  constructor(
    readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly households: HouseholdService,
    private readonly supplies: SuppliesService,
    readonly stores: StoreRegistry,
    private readonly log?: OrdersLog,
  ) {
    this.dispatcher = new OutboxDispatcher(store, clock, bus, stores, log);
    this.tracker = new DeliveryTracker(store, clock, bus, stores, supplies, log);
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
      onReorderDue: (tx, supply, events) => this.onReorderDue(tx, supply, events),
    };
  }

  /**
   * One tick of the background work, also what tests call after moving the clock: supplies that
   * time alone made due, then the outbox, then deliveries.
   */
  async processDue(): Promise<ProcessSummary> {
    // Each step on its own: one that fails (logged) never keeps the others from running.
    const dueSupplies = await this.step('due supplies', () => this.supplies.evaluateDue(), 0);
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

  async quote(householdId: string, supplyId: string, quantity?: number): Promise<Quote> {
    const supply = await this.supplies.get(householdId, supplyId);
    const household = await this.households.get(householdId);
    return this.quoteFor(supply, household.currency, household.locale, quantity);
  }

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
    const qty = quantity ?? defaultQuantity(supply, product);
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
    };
  }

  /**
   * A person asks for an order (API, voice, mirror). The same idempotency key with the same
   * request answers the order it already created; with another request it is refused. A person's
   * explicit order is not held to the automatic caps, but it does wait out the cancel window.
   */
  async create(householdId: string, input: CreateOrderInput): Promise<CreateOrderResult> {
    const hash = requestHash(input.supplyId, input.quantity);
    const replay = await this.replay(householdId, input.idempotencyKey, hash);
    if (replay) return replay;
    const quote = await this.quote(householdId, input.supplyId, input.quantity);
    const events = new EventBatch();
    const outcome = await this.store.transaction(async (tx) => {
      await lockHousehold(tx, this.store.dialect, householdId);
      const waiting = await inFlightOrder(tx, input.supplyId);
      if (waiting?.status === 'proposed') {
        // A person ordering what a proposal offers settles the proposal: one order, the person's.
        await transition(tx, waiting, 'cancelled', { actor: 'person', channel: input.channel, detail: 'superseded by an order' }, this.now(), events);
      }
      const row = this.newRow(householdId, quote, input.idempotencyKey, hash, 'scheduled', 'requested', input.channel);
      const inserted = await this.insert(tx, row);
      if (!inserted) return null;
      await audit(tx, row, null, 'approved', { actor: 'person', channel: input.channel }, row.created_at);
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
    return {
      id: newId(),
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
  private async schedule(tx: Tx, row: OrdersTable, events: EventBatch, who: { actor: 'person' | 'system'; channel: string }): Promise<void> {
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
   * The reorder hook supplies calls inside the reading's transaction when a supply becomes due.
   * `ask` proposes; `auto` schedules within the caps, and proposes instead when over one.
   */
  async onReorderDue(tx: Tx, supply: SupplyState, events: EventBatch): Promise<void> {
    if (!supply.sku) {
      events.add('notification', supply.householdId, { key: 'orders.notify.noProduct', params: { name: supply.name }, level: 'warning' });
      return;
    }
    if (await inFlightOrder(tx, supply.id)) return;
    const household = await this.households.get(supply.householdId, tx);
    let quote: Quote;
    try {
      quote = await this.quoteFor(supply, household.currency, household.locale);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      events.add('notification', supply.householdId, { key: 'orders.notify.unavailable', params: { name: supply.name }, level: 'warning' });
      return;
    }
    await lockHousehold(tx, this.store.dialect, supply.householdId);
    let reason = supply.policy.mode === 'ask' ? 'askPolicy' : 'policy';
    if (supply.policy.mode === 'auto') {
      const month = await this.monthSpend(tx, supply.id, household.timezone);
      if (supply.policy.maxPerOrder !== null && quote.total > supply.policy.maxPerOrder) reason = 'overPerOrderCap';
      else if (supply.policy.maxPerMonth !== null && month + quote.total > supply.policy.maxPerMonth) reason = 'overMonthlyCap';
    }
    const proposal = reason !== 'policy';
    const key = `auto:${newId()}`;
    const row = this.newRow(supply.householdId, quote, key, requestHash(supply.id, quote.quantity), proposal ? 'proposed' : 'scheduled', reason, 'system');
    if (!(await this.insert(tx, row))) return;
    if (proposal) {
      await audit(tx, row, null, 'proposed', { actor: 'system', channel: 'system', detail: reason }, row.created_at);
      events.add('proposal.created', supply.householdId, { orderId: row.id, supplyId: supply.id });
      events.add('notification', supply.householdId, {
        key: 'orders.notify.proposal',
        params: { name: supply.name, total: row.total, currency: row.currency, quantity: row.quantity },
        level: 'info',
      });
      return;
    }
    await audit(tx, row, null, 'approved', { actor: 'system', channel: 'system', detail: 'auto policy within caps' }, row.created_at);
    await this.schedule(tx, row, events, { actor: 'system', channel: 'system' });
  }

  /** Spent on this supply in the household's current calendar month. */
  private async monthSpend(tx: Tx, supplyId: string, timezone: string): Promise<number> {
    const start = DateTime.fromJSDate(this.clock.now()).setZone(timezone).startOf('month').toUTC().toISO() ?? this.now();
    const row = await tx
      .selectFrom('orders')
      .select((eb) => eb.fn.sum<number>('total').as('spent'))
      .where('supply_id', '=', supplyId)
      .where('status', 'in', SPENDING_STATUSES)
      .where('created_at', '>=', start)
      .executeTakeFirst();
    return Number(row?.spent ?? 0);
  }

  async approve(householdId: string, orderId: string, channel: OrderChannel): Promise<Order> {
    const events = new EventBatch();
    await this.store.transaction(async (tx) => {
      await lockHousehold(tx, this.store.dialect, householdId);
      const row = await orderRow(tx, householdId, orderId);
      if (!row) throw notFound('order', { id: orderId });
      if (row.status !== 'proposed') throw conflict('orders.notAProposal', { status: row.status });
      if (!(await transition(tx, row, 'approved', { actor: 'person', channel }, this.now(), events))) throw conflict('orders.notAProposal', { status: row.status });
      await this.schedule(tx, row, events, { actor: 'system', channel });
    });
    events.flush(this.bus);
    return this.get(householdId, orderId);
  }

  async decline(householdId: string, orderId: string, channel: OrderChannel): Promise<Order> {
    const events = new EventBatch();
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
    const events = new EventBatch();
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

  listProposals(householdId: string): Promise<Order[]> {
    return this.list(householdId, { status: 'proposed' });
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
