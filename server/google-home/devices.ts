import type { Supply } from '@server/supplies/types';

/**
 * What Google Home sees of a household, as plain data: the mirror, each supply a device measures
 * (a sensor of the closest trait), and a reorder scene per orderable supply. Ids are Miroir's own
 * (`mirror`, `supply:<id>`, `reorder:<id>`); nothing here talks to Google.
 */
export const MIRROR_ID = 'mirror';
export const SUPPLY_PREFIX = 'supply:';
export const REORDER_PREFIX = 'reorder:';

export const TRAIT = {
  onOff: 'action.devices.traits.OnOff',
  sensorState: 'action.devices.traits.SensorState',
  fill: 'action.devices.traits.Fill',
  scene: 'action.devices.traits.Scene',
} as const;

export interface HomeFacts {
  name: string;
  timezone: string;
  nightMode: { enabled: boolean; start: string; end: string };
  /** Awake or in night mode now: the night hours with the manual override (server/mirror/power.ts). */
  mirrorAwake: boolean;
  supplies: Supply[];
}

export interface SyncDevice {
  id: string;
  type: string;
  traits: string[];
  name: { name: string; defaultNames: string[]; nicknames: string[] };
  willReportState: boolean;
  attributes: Record<string, unknown>;
  deviceInfo: { manufacturer: string; model: string; hwVersion: string; swVersion: string };
}

export type DeviceState = Record<string, unknown> & { online: boolean; status?: string };

/** A water (or air) filter reports its remaining life; everything else a fill level. */
export function isFilter(supply: Pick<Supply, 'name' | 'unit'>): boolean {
  return /\b(filter|filtre)\b/i.test(supply.name) || /^(%|percent|days?|jours?)$/i.test(supply.unit.trim());
}

const percent = (s: Pick<Supply, 'level' | 'capacity'>): number => (s.capacity > 0 ? Math.max(0, Math.min(100, Math.round((s.level / s.capacity) * 100))) : 0);

function filterState(s: Supply): string {
  const p = percent(s);
  if (p >= 90) return 'new';
  if (s.level <= s.reorderPoint || p <= 5) return 'replace now';
  if (s.reorderDue || p <= 20) return 'replace soon';
  return 'good';
}

function fillLevel(s: Supply): string {
  const p = percent(s);
  if (p <= 0) return 'empty';
  if (s.reorderDue || s.level <= s.reorderPoint) return 'low';
  if (p < 75) return 'half';
  return 'full';
}

const measured = (facts: HomeFacts): Supply[] => facts.supplies.filter((s) => s.deviceIds.length > 0);
const orderable = (facts: HomeFacts): Supply[] => facts.supplies.filter((s) => s.sku !== null);

const FILL_LEVELS = ['empty', 'low', 'half', 'full'] as const;

export function syncDevices(facts: HomeFacts, names: { mirror: string; reorder: (supply: string) => string; fill: Record<(typeof FILL_LEVELS)[number], string>; lang: string }): SyncDevice[] {
  const info = { manufacturer: 'Miroir', model: 'miroir', hwVersion: '1', swVersion: '1' };
  const devices: SyncDevice[] = [
    {
      id: MIRROR_ID,
      type: 'action.devices.types.SWITCH',
      traits: [TRAIT.onOff],
      name: { name: names.mirror, defaultNames: ['Miroir'], nicknames: [] },
      willReportState: true,
      // Off = night mode now until the next scheduled wake, on = awake until the next night
      // (server/mirror/power.ts); the schedule itself stays in the app.
      attributes: { commandOnlyOnOff: false, queryOnlyOnOff: false },
      deviceInfo: info,
    },
  ];
  for (const s of measured(facts)) {
    devices.push(
      isFilter(s)
        ? {
            id: SUPPLY_PREFIX + s.id,
            type: 'action.devices.types.SENSOR',
            traits: [TRAIT.sensorState],
            name: { name: s.name, defaultNames: [], nicknames: [] },
            willReportState: true,
            attributes: {
              sensorStatesSupported: [
                { name: 'FilterLifeTime', descriptiveCapabilities: { availableStates: ['new', 'good', 'replace soon', 'replace now'] }, numericCapabilities: { rawValueUnit: 'PERCENTAGE' } },
              ],
            },
            deviceInfo: info,
          }
        : {
            id: SUPPLY_PREFIX + s.id,
            type: 'action.devices.types.SENSOR',
            traits: [TRAIT.fill],
            name: { name: s.name, defaultNames: [], nicknames: [] },
            willReportState: true,
            attributes: {
              availableFillLevels: {
                levels: FILL_LEVELS.map((level) => ({ level_name: level, level_values: [{ level_synonym: [names.fill[level]], lang: names.lang }] })),
                ordered: true,
                supportsFillPercent: true,
              },
            },
            deviceInfo: info,
          },
    );
  }
  for (const s of orderable(facts)) {
    devices.push({ id: REORDER_PREFIX + s.id, type: 'action.devices.types.SCENE', traits: [TRAIT.scene], name: { name: names.reorder(s.name), defaultNames: [], nicknames: [] }, willReportState: false, attributes: { sceneReversible: false }, deviceInfo: info });
  }
  return devices;
}

/** The state of each device id; null for an id this household does not have. */
export function deviceState(facts: HomeFacts, id: string): DeviceState | null {
  if (id === MIRROR_ID) return { online: true, status: 'SUCCESS', on: facts.mirrorAwake };
  if (id.startsWith(SUPPLY_PREFIX)) {
    const s = measured(facts).find((x) => SUPPLY_PREFIX + x.id === id);
    if (!s) return null;
    if (isFilter(s)) return { online: true, status: 'SUCCESS', currentSensorStateData: [{ name: 'FilterLifeTime', currentSensorState: filterState(s), rawValue: percent(s) }] };
    return { online: true, status: 'SUCCESS', isFilled: s.level > 0, currentFillLevel: fillLevel(s), currentFillPercent: percent(s) };
  }
  if (id.startsWith(REORDER_PREFIX)) return orderable(facts).some((x) => REORDER_PREFIX + x.id === id) ? { online: true, status: 'SUCCESS' } : null;
  return null;
}

/** What Request Sync is about: a change of this means Google must SYNC again. */
export function syncFingerprint(devices: SyncDevice[]): string {
  return JSON.stringify(devices.map((d) => [d.id, d.name.name, d.traits]));
}

/** Report State carries only devices that report (not scenes). */
export function reportableStates(facts: HomeFacts, devices: SyncDevice[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const d of devices) {
    if (!d.willReportState) continue;
    const state = deviceState(facts, d.id);
    if (!state) continue;
    const { status: _status, ...rest } = state;
    out[d.id] = rest;
  }
  return out;
}
