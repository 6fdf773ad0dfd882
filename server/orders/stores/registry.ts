import { AppError } from '@server/core/errors';
import { StoreError, type StoreAdapter } from './types';

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

/** A store that cannot answer a question now is a 502 for the caller, never a 500. */
export async function askStore<T>(storeId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StoreError) throw new AppError('orders.storeUnavailable', 502, { storeId });
    throw err;
  }
}
