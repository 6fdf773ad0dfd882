import type { EventBus } from '@server/core/event-bus';
import type { DomainEventType, EventOf } from '@server/core/events';
import type { Tx } from '@server/store/store';
import type { PolicyMode, ReadingSource } from './tables';

export type { PolicyMode, ReadingSource };

export interface SupplyPolicy {
  mode: PolicyMode;
  /** Caps in the store's currency; null = no cap. */
  maxPerOrder: number | null;
  maxPerMonth: number | null;
  cancelWindowHours: number;
}

/** The Supply of CONTRACT.md, plus a few read-only extras (added, never renamed). */
export interface Supply {
  id: string;
  name: string;
  unit: string;
  capacity: number;
  level: number;
  reorderPoint: number;
  sku: string | null;
  policy: SupplyPolicy;
  /** Days until empty at the current consumption; null while the history cannot tell. */
  daysLeft: number | null;
  storeId: string;
  marginDays: number;
  reorderQuantity: number | null;
  ratePerDay: number | null;
  levelAt: string | null;
  /** True when `daysLeft` is under the cancel window plus the delivery lead time plus the margin, or the level is at the reorder point. */
  reorderDue: boolean;
  deviceIds: string[];
}

export interface NewSupply {
  name: string;
  unit: string;
  capacity: number;
  level?: number;
  reorderPoint?: number;
  sku?: string | null;
  storeId?: string;
  policy?: Partial<SupplyPolicy>;
  marginDays?: number;
  reorderQuantity?: number | null;
}

export type SupplyPatch = Partial<Omit<NewSupply, 'unit'>>;

export interface Reading {
  id: string;
  supplyId: string;
  level: number;
  unit: string;
  /** ISO 8601 with an offset, Unix seconds or milliseconds (number or numeric string), or a local time in the household's zone. */
  at: string | number;
}

export type ReadingRejection =
  | 'unknownSupply'
  | 'notYourSupply'
  | 'negativeLevel'
  | 'notANumber'
  | 'aboveCapacity'
  | 'wrongUnit'
  | 'futureTimestamp'
  | 'tooOld'
  | 'invalidTimestamp';

export interface ReadingResult {
  id: string;
  status: 'stored' | 'duplicate' | 'rejected';
  reason?: ReadingRejection;
}

export interface TelemetryResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: ReadingResult[];
}

/** Measured consumption of one supply over the history kept (refills excluded). */
export interface Consumption {
  supplyId: string;
  name: string;
  sku: string | null;
  storeId: string;
  unit: string;
  capacity: number;
  consumed: number;
  daysObserved: number;
  from: string | null;
  to: string | null;
}

/** What the reorder decision needs to know about a supply: a snapshot read inside the reading's transaction. */
export interface SupplyState {
  id: string;
  householdId: string;
  name: string;
  unit: string;
  capacity: number;
  level: number;
  reorderPoint: number;
  sku: string | null;
  storeId: string;
  policy: SupplyPolicy;
  marginDays: number;
  reorderQuantity: number | null;
  daysLeft: number | null;
}

/** Domain events collected inside a transaction and published only once it has committed. */
export class EventBatch {
  private readonly pending: ((bus: EventBus) => void)[] = [];
  add<T extends DomainEventType>(type: T, householdId: string, payload: EventOf<T>['payload']): void {
    this.pending.push((bus) => bus.publish(type, householdId, payload));
  }
  flush(bus: EventBus): void {
    for (const publish of this.pending.splice(0)) publish(bus);
  }
}

/**
 * How the orders capability plugs into supplies without a circular import: supplies calls these,
 * orders registers them at start. No hook that may reach the network runs inside a transaction.
 */
export interface SupplyHooks {
  /** Days the supply's store takes to deliver its product. */
  leadDays(storeId: string, sku: string | null): number;
  /** Throws an AppError when the store does not exist or does not sell the sku (called before any transaction). */
  checkProduct(storeId: string, sku: string): Promise<void>;
  /** Refuses (throws an AppError) to delete a supply whose order is already with the store. */
  beforeRemove(tx: Tx, householdId: string, supplyId: string): Promise<void>;
  /**
   * Supplies whose reorder decision is wanted (`reorder_after` set in the transaction that made
   * them due), called after that transaction committed. Never throws: what it cannot decide now
   * stays wanted for the next tick.
   */
  decideReorders(supplyIds: string[]): Promise<void>;
}
