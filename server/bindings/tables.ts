/** Tables owned by the bindings capability (the store's schema picks them up). */

export interface DeviceBindingsTable {
  id: string;
  household_id: string;
  /** The Miroir device the readings are stored under (its consent and supply links apply). */
  device_id: string;
  supply_id: string;
  /** An MQTT topic filter (`+` and `#` allowed) the device already publishes on. */
  topic: string;
  /** RFC 6901 JSON Pointer to the value in the payload; '' is the whole payload (plain numbers). */
  pointer: string;
  /** The unit of `value × scale + offset`. */
  unit: string;
  scale: number;
  value_offset: number;
  /** At most one reading per this many seconds (a sensor publishing every second must not flood the history). */
  min_interval_seconds: number;
  created_at: string;
}

export interface BindingsTables {
  device_bindings: DeviceBindingsTable;
}
