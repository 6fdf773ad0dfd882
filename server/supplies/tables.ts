/** Tables owned by the supplies capability (the store's schema picks them up). */

export type PolicyMode = 'notify' | 'ask' | 'auto';
export type ReadingSource = 'device' | 'manual' | 'delivery';

export interface SuppliesTable {
  id: string;
  household_id: string;
  name: string;
  unit: string;
  capacity: number;
  /** Level of the reading with the latest `at` (an older reading arriving late never overrides it). */
  level: number;
  level_at: string | null;
  reorder_point: number;
  sku: string | null;
  store_id: string;
  policy_mode: PolicyMode;
  max_per_order: number | null;
  max_per_month: number | null;
  cancel_window_hours: number;
  /** Days of stock to keep on top of the store's delivery lead time. */
  margin_days: number;
  /** Packs per reorder; null = enough to refill to capacity. */
  reorder_quantity: number | null;
  /** Forecast cache, kept in step with every new reading: consumption per day and the level it estimates at `level_at`. */
  rate_per_day: number | null;
  forecast_level: number | null;
  /** Reading time of the last full computation from the history; device readings in between carry the line forward. */
  forecast_at: string | null;
  /** Set when the supply first became due for a reorder, cleared when the level recovers: one stock.low per dip. */
  low_since: string | null;
  /** A reorder decision is wanted from this time (set when the supply becomes due, or again after a failed order, with backoff); null = nothing to decide. */
  reorder_after: string | null;
  /** Reorders tried again during this dip (the backoff grows with it); back to 0 when the level recovers. */
  reorder_attempts: number;
  created_at: string;
  updated_at: string;
}

export interface DevicesTable {
  id: string;
  household_id: string;
  name: string;
  kind: string;
  created_at: string;
  last_seen_at: string | null;
}

export interface DeviceSuppliesTable {
  device_id: string;
  supply_id: string;
  household_id: string;
}

export interface ReadingsTable {
  household_id: string;
  /** Who numbered the reading: the device id, or '' for manual and delivery readings. */
  origin: string;
  /** The reporter's own id: with `origin`, the idempotency key of a reading (unique per device). */
  id: string;
  supply_id: string;
  device_id: string | null;
  level: number;
  at: string;
  received_at: string;
  source: ReadingSource;
}

export interface SuppliesTables {
  supplies: SuppliesTable;
  devices: DevicesTable;
  device_supplies: DeviceSuppliesTable;
  readings: ReadingsTable;
}
