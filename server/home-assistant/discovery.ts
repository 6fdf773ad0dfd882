import type { Translator } from '@server/plugins/i18n';
import type { Supply } from '@server/supplies/types';
import { convert, normalizeUnit } from '@server/supplies/units';

/**
 * Home Assistant's MQTT discovery language, and only here: Miroir's supplies translated into
 * discovery configs and state payloads (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery).
 * Pure functions; the bridge publishes what they return.
 */

export interface Topics {
  /** Where HA's discovery configs live (`homeassistant` by default). */
  prefix: string;
  /** Miroir's own MQTT root (`miroir`), for states, commands and availability. */
  root: string;
}

export interface DeviceInfo {
  id: string;
  name: string;
  kind: string;
}

export interface HouseholdSnapshot {
  householdId: string;
  householdName: string;
  supplies: Supply[];
  devices: DeviceInfo[];
  /** Supply id → the id of the proposal waiting for it. */
  proposals: Map<string, string>;
}

export interface Retained {
  topic: string;
  payload: string;
  supplyId: string | null;
}

export type HaComponent = 'sensor' | 'binary_sensor' | 'button';

/** How a supply's unit reads in HA: case-exact units, the device class that accepts it, and the factor from Miroir's value. */
export interface HaUnit {
  unit: string;
  deviceClass: 'volume_storage' | 'weight' | 'distance' | null;
  factor: number;
}

const KNOWN: Record<string, Omit<HaUnit, 'factor'> & { from: string }> = {
  // volume_storage, not volume: a tank's content goes up and down (HA allows `measurement` only on volume_storage).
  l: { unit: 'L', deviceClass: 'volume_storage', from: 'l' },
  ml: { unit: 'mL', deviceClass: 'volume_storage', from: 'ml' },
  // HA has no centilitre: shown in mL.
  cl: { unit: 'mL', deviceClass: 'volume_storage', from: 'ml' },
  kg: { unit: 'kg', deviceClass: 'weight', from: 'kg' },
  g: { unit: 'g', deviceClass: 'weight', from: 'g' },
  lb: { unit: 'lb', deviceClass: 'weight', from: 'lb' },
  oz: { unit: 'oz', deviceClass: 'weight', from: 'oz' },
  m: { unit: 'm', deviceClass: 'distance', from: 'm' },
  cm: { unit: 'cm', deviceClass: 'distance', from: 'cm' },
  mm: { unit: 'mm', deviceClass: 'distance', from: 'mm' },
};

export function haUnit(supplyUnit: string): HaUnit {
  const known = KNOWN[normalizeUnit(supplyUnit)];
  if (!known) {
    // %, pcs, sheets…: a plain numeric sensor in the supply's own unit, without a device class.
    return { unit: supplyUnit.trim(), deviceClass: null, factor: 1 };
  }
  return { unit: known.unit, deviceClass: known.deviceClass, factor: convert(1, supplyUnit, known.from) ?? 1 };
}

export const availabilityTopic = (t: Topics): string => `${t.root}/ha/availability`;
export const stateTopic = (t: Topics, householdId: string, supplyId: string): string => `${t.root}/${householdId}/ha/supplies/${supplyId}/state`;
export const approveTopic = (t: Topics, householdId: string, supplyId: string): string => `${t.root}/${householdId}/ha/supplies/${supplyId}/approve`;
export const APPROVE_PAYLOAD = 'PRESS';

/** `<prefix>/<component>/<node_id>/<object_id>/config`; both ids are `[a-zA-Z0-9_-]+`, as HA requires. */
export const configTopic = (t: Topics, component: HaComponent, householdId: string, objectId: string): string =>
  `${t.prefix}/${component}/miroir_${householdId}/${objectId}/config`;

/** The household's state topics and command topics, for the subscriptions (`+` for any household). */
export const approveFilter = (t: Topics): string => `${t.root}/+/ha/supplies/+/approve`;

export function parseApproveTopic(t: Topics, topic: string): { householdId: string; supplyId: string } | null {
  const parts = topic.split('/');
  const rootParts = t.root.split('/');
  if (parts.length !== rootParts.length + 5) return null;
  if (parts.slice(0, rootParts.length).join('/') !== t.root) return null;
  const [householdId, ha, supplies, supplyId, approve] = parts.slice(rootParts.length);
  if (ha !== 'ha' || supplies !== 'supplies' || approve !== 'approve') return null;
  return { householdId, supplyId };
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface StatePayload {
  level: number;
  days_left: number | null;
  proposal: 'ON' | 'OFF';
}

export function statePayload(supply: Supply, proposalId: string | undefined): StatePayload {
  const unit = haUnit(supply.unit);
  return { level: round(supply.level * unit.factor), days_left: supply.daysLeft, proposal: proposalId ? 'ON' : 'OFF' };
}

/** Every retained message a household's supplies should have in HA: four configs and one state per supply. */
export function householdMessages(snapshot: HouseholdSnapshot, topics: Topics, t: Translator, swVersion?: string): Retained[] {
  const out: Retained[] = [];
  const devices = new Map(snapshot.devices.map((d) => [d.id, d]));
  const origin = swVersion ? { name: 'Miroir', sw_version: swVersion } : { name: 'Miroir' };
  const availability = { topic: availabilityTopic(topics) };
  for (const supply of snapshot.supplies) {
    const device = supply.deviceIds.map((id) => devices.get(id)).find((d) => d !== undefined);
    // One HA device per Miroir device; supplies no device measures are grouped in one "supplies" device.
    const haDevice = device
      ? { identifiers: [`miroir_device_${device.id}`], name: device.name, manufacturer: 'Miroir', model: device.kind }
      : { identifiers: [`miroir_supplies_${snapshot.householdId}`], name: t('homeAssistant.suppliesDevice', { household: snapshot.householdName }), manufacturer: 'Miroir', model: t('homeAssistant.suppliesModel') };
    const state = stateTopic(topics, snapshot.householdId, supply.id);
    const unit = haUnit(supply.unit);
    const common = { device: haDevice, origin, state_topic: state };
    const config = (component: HaComponent, suffix: string, body: Record<string, unknown>) =>
      out.push({
        topic: configTopic(topics, component, snapshot.householdId, `${supply.id}_${suffix}`),
        payload: JSON.stringify({ unique_id: `miroir_${supply.id}_${suffix}`, ...body }),
        supplyId: supply.id,
      });
    config('sensor', 'level', {
      ...common,
      name: t('homeAssistant.level', { name: supply.name }),
      value_template: '{{ value_json.level }}',
      unit_of_measurement: unit.unit,
      ...(unit.deviceClass ? { device_class: unit.deviceClass } : {}),
      state_class: 'measurement',
      availability: [availability],
      icon: unit.deviceClass ? undefined : 'mdi:gauge',
    });
    config('sensor', 'days_left', {
      ...common,
      name: t('homeAssistant.daysLeft', { name: supply.name }),
      // null while the history cannot tell: renders "None", which HA shows as unknown.
      value_template: '{{ value_json.days_left }}',
      unit_of_measurement: 'd',
      device_class: 'duration',
      state_class: 'measurement',
      availability: [availability],
    });
    config('binary_sensor', 'proposal', {
      ...common,
      name: t('homeAssistant.proposal', { name: supply.name }),
      value_template: '{{ value_json.proposal }}',
      payload_on: 'ON',
      payload_off: 'OFF',
      availability: [availability],
      icon: 'mdi:cart-arrow-down',
    });
    const { state_topic: _unused, ...buttonCommon } = common;
    config('button', 'approve', {
      ...buttonCommon,
      name: t('homeAssistant.approve', { name: supply.name }),
      command_topic: approveTopic(topics, snapshot.householdId, supply.id),
      payload_press: APPROVE_PAYLOAD,
      // Pressable only while a proposal waits (and Miroir is up).
      availability: [availability, { topic: state, value_template: "{{ 'online' if value_json.proposal == 'ON' else 'offline' }}" }],
      availability_mode: 'all',
      icon: 'mdi:cart-check',
    });
    out.push({ topic: state, payload: JSON.stringify(statePayload(supply, snapshot.proposals.get(supply.id))), supplyId: supply.id });
  }
  // JSON.stringify drops the undefined icons.
  return out;
}
