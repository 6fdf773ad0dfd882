import { AppError } from '@server/core/errors';
import type { StoreAdapter } from './types';

/** The stores a household's supplies may name; the simulated one is always there. */
export class StoreRegistry {
  private readonly adapters = new Map<string, StoreAdapter>();

  register(adapter: StoreAdapter): void {
    this.adapters.set(adapter.id, adapter);
  }

  find(id: string): StoreAdapter | undefined {
    return this.adapters.get(id);
  }

  get(id: string): StoreAdapter {
    const adapter = this.adapters.get(id);
    if (!adapter) throw new AppError('orders.unknownStore', 422, { storeId: id });
    return adapter;
  }

  ids(): string[] {
    return [...this.adapters.keys()];
  }
}
