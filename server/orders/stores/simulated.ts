import type { Clock } from '@server/core/clock';
import { newId } from '@server/core/ids';
import type { Db } from '@server/store/store';
import { matchScore } from '@server/supplies/match';
import type { OrderStatus } from '../state-machine';
import { CATALOGUE, localName, type CatalogueItem } from './catalogue';
import { StoreError, type PlaceReceipt, type PlaceRequest, type Product, type StoreAdapter } from './types';

export type SimulatedFailure = 'unavailable' | 'rejected';

/**
 * The embedded default store. It plays the outside shop faithfully enough to test against: its own
 * book of orders deduplicated by idempotency key (kept in the database, so a restart does not make
 * it forget and accept a resend twice), deliveries that advance on the injected clock, and
 * failures on demand.
 */
export class SimulatedStore implements StoreAdapter {
  readonly id = 'simulated';
  private failures: SimulatedFailure[] = [];

  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /** The next `count` placements fail: `unavailable` (retried later) or `rejected` (the order fails). */
  failNext(mode: SimulatedFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(mode);
  }

  private toProduct(item: CatalogueItem, currency: string, locale: string): Product | null {
    const price = item.prices[currency];
    if (price === undefined) return null;
    return { sku: item.sku, name: localName(item, locale), price, currency, packSize: item.packSize, unit: item.unit };
  }

  async search(query: string, currency: string, locale: string): Promise<Product[]> {
    const q = query.trim();
    return CATALOGUE.filter((item) => !q || matchScore(q, item.names.en) > 0.3 || matchScore(q, item.names.fr) > 0.3 || item.sku.includes(q.toLowerCase()))
      .map((item) => this.toProduct(item, currency, locale))
      .filter((p): p is Product => p !== null);
  }

  async product(sku: string, currency: string, locale: string): Promise<Product | null> {
    const item = CATALOGUE.find((i) => i.sku === sku);
    return item ? this.toProduct(item, currency, locale) : null;
  }

  leadDays(sku: string | null): number {
    return CATALOGUE.find((i) => i.sku === sku)?.leadDays ?? 2;
  }

  async place(request: PlaceRequest): Promise<PlaceReceipt> {
    const failure = this.failures.shift();
    if (failure === 'unavailable') throw new StoreError('simulated store unavailable', true);
    if (failure === 'rejected') throw new StoreError('simulated store rejected the order', false);
    if (!CATALOGUE.some((i) => i.sku === request.sku)) throw new StoreError(`unknown sku ${request.sku}`, false);
    await this.db
      .insertInto('sim_store_orders')
      .values({
        idempotency_key: request.idempotencyKey,
        ref: `SIM-${newId().slice(0, 8).toUpperCase()}`,
        sku: request.sku,
        quantity: request.quantity,
        placed_at: this.clock.now().toISOString(),
        lead_hours: this.leadDays(request.sku) * 24,
        outcome: 'ok',
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    const row = await this.db.selectFrom('sim_store_orders').select('ref').where('idempotency_key', '=', request.idempotencyKey).executeTakeFirstOrThrow();
    return { ref: row.ref, status: 'placed' };
  }

  /** Confirmed after ten minutes, shipped after a third of the lead time, out for delivery on the last stretch, then delivered. */
  async status(ref: string): Promise<OrderStatus | null> {
    const row = await this.db.selectFrom('sim_store_orders').select(['placed_at', 'lead_hours']).where('ref', '=', ref).executeTakeFirst();
    if (!row) return null;
    const hours = (this.clock.now().getTime() - Date.parse(row.placed_at)) / 3_600_000;
    if (hours >= row.lead_hours) return 'delivered';
    if (hours >= row.lead_hours * 0.75) return 'out_for_delivery';
    if (hours >= row.lead_hours / 3) return 'shipped';
    if (hours >= 1 / 6) return 'confirmed';
    return 'placed';
  }

  /** How many distinct orders the store holds (what a test at the shop's counter would see). */
  async orderCount(): Promise<number> {
    const row = await this.db.selectFrom('sim_store_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
