import type { HouseholdService } from '@server/households/service';
import type { Store } from '@server/store/store';
import type { SuppliesService } from '@server/supplies/service';
import { convert } from '@server/supplies/units';
import type { StoreRegistry } from './stores/registry';
import type { ProductCost } from './types';

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Cost per day of use, per product the household really consumed: measured consumption (from the
 * levels, refills excluded) times the product's price per unit of level. A product counts only
 * when a supply holding it has measured consumption: nothing is listed that the household did
 * not use, and nothing is suggested.
 */
export async function productCosts(households: HouseholdService, supplies: SuppliesService, stores: StoreRegistry, store: Store, householdId: string): Promise<ProductCost[]> {
  const household = await households.get(householdId);
  const consumption = await supplies.consumption(householdId);
  const byProduct = new Map<string, ProductCost>();
  for (const c of consumption) {
    if (!c.sku || c.consumed <= 0 || c.daysObserved <= 0) continue;
    const adapter = stores.find(c.storeId);
    const product = adapter ? await adapter.product(c.sku, household.currency, household.locale).catch(() => null) : null;
    // A pack in the supply's own dimension adds its size; a part (cartridge, filter) is one full capacity.
    const perPack = product ? (convert(product.packSize, product.unit, c.unit) ?? c.capacity) : null;
    const perDay = c.consumed / c.daysObserved;
    const costPerDay = product && perPack ? (perDay / perPack) * product.price : null;
    const key = `${c.storeId}|${c.sku}`;
    const entry = byProduct.get(key) ?? {
      sku: c.sku,
      storeId: c.storeId,
      name: product?.name ?? c.sku,
      supplyIds: [],
      unit: c.unit,
      consumed: 0,
      daysObserved: 0,
      spend: 0,
      costPerDay: null,
      currency: household.currency,
    };
    entry.supplyIds.push(c.supplyId);
    entry.consumed = round(entry.consumed + c.consumed, 3);
    entry.daysObserved = Math.max(entry.daysObserved, c.daysObserved);
    entry.costPerDay = costPerDay === null ? entry.costPerDay : round((entry.costPerDay ?? 0) + costPerDay, 4);
    if (c.from) {
      const spent = await store.db
        .selectFrom('orders')
        .select((eb) => eb.fn.sum<number>('total').as('spent'))
        .where('supply_id', '=', c.supplyId)
        .where('status', '=', 'delivered')
        .where('updated_at', '>=', c.from)
        .executeTakeFirst();
      entry.spend = round(entry.spend + Number(spent?.spent ?? 0), 2);
    }
    byProduct.set(key, entry);
  }
  return [...byProduct.values()].sort((a, b) => (b.costPerDay ?? 0) - (a.costPerDay ?? 0));
}
