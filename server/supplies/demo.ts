import type { DemoContributor } from '@server/demo/types';
import { consumptionTrace, type TraceSpec } from './simulation';
import type { NewSupply, Reading } from './types';
import { DAY_MS } from '@server/core/durations';

interface DemoSupply {
  key: string;
  names: { en: string; fr: string };
  supply: Omit<NewSupply, 'name' | 'level'>;
  /** Use per day, and the level the history should end near. */
  perDay: number;
  endLevel: number;
  noise: number;
}

interface DemoDevice {
  names: { en: string; fr: string };
  kind: string;
  supplies: DemoSupply[];
}

const HISTORY_DAYS = 14;

const DEVICES: DemoDevice[] = [
  {
    names: { en: 'Kitchen fridge', fr: 'Frigo de la cuisine' },
    kind: 'fridge',
    supplies: [
      { key: 'milk', names: { en: 'Milk', fr: 'Lait' }, supply: { unit: 'L', capacity: 2, reorderPoint: 0.3, sku: 'milk-1l', policy: { mode: 'auto', maxPerOrder: 10, maxPerMonth: 40 } }, perDay: 0.4, endLevel: 1.3, noise: 0.015 },
      { key: 'eggs', names: { en: 'Eggs', fr: 'Œufs' }, supply: { unit: 'pcs', capacity: 12, reorderPoint: 2, sku: 'eggs-12', policy: { mode: 'ask' } }, perDay: 1.2, endLevel: 8, noise: 0.01 },
      { key: 'butter', names: { en: 'Butter', fr: 'Beurre' }, supply: { unit: 'g', capacity: 500, reorderPoint: 80, sku: 'butter-250g', policy: { mode: 'ask' } }, perDay: 22, endLevel: 330, noise: 0.01 },
    ],
  },
  {
    names: { en: 'Office printer', fr: 'Imprimante du bureau' },
    kind: 'printer',
    supplies: [
      { key: 'black', names: { en: 'Black ink', fr: 'Encre noire' }, supply: { unit: '%', capacity: 100, reorderPoint: 15, sku: 'ink-black-xl', policy: { mode: 'ask', maxPerOrder: 30 } }, perDay: 2.5, endLevel: 58, noise: 0.005 },
      // Already low: the demo opens with this proposal waiting for approval.
      { key: 'colour', names: { en: 'Colour ink', fr: 'Encre couleur' }, supply: { unit: '%', capacity: 100, reorderPoint: 15, sku: 'ink-colour', policy: { mode: 'ask', maxPerOrder: 35 } }, perDay: 3, endLevel: 12, noise: 0.005 },
    ],
  },
  {
    names: { en: 'Water filter jug', fr: 'Carafe filtrante' },
    kind: 'filter',
    supplies: [
      { key: 'filter', names: { en: 'Water filter', fr: 'Filtre à eau' }, supply: { unit: 'L', capacity: 150, reorderPoint: 15, sku: 'water-filter', policy: { mode: 'notify' } }, perDay: 4, endLevel: 92, noise: 0.01 },
    ],
  },
];

/**
 * Two weeks of plausible readings ending now: the last refill put the supply back to capacity at
 * the moment that makes today's level come out near `endLevel`; before it, a previous pack ran down.
 */
function demoReadings(s: DemoSupply, supplyId: string, seed: number, now: number): Reading[] {
  const capacity = s.supply.capacity;
  const spec: TraceSpec = { capacity, ratePerDay: s.perDay, noise: s.noise, intervalHours: 3, refillBelow: -1, outlierRate: 0.01 };
  const start = now - HISTORY_DAYS * DAY_MS;
  const refillAt = Math.max(start, now - ((capacity - s.endLevel) / s.perDay) * DAY_MS);
  // Before the last refill, packs were replaced when they ran low, as people do.
  const before = refillAt > start ? consumptionTrace(seed, { ...spec, refillBelow: 0.15 }, start, refillAt - 3_600_000, capacity * 0.8) : [];
  const from = refillAt === start ? s.endLevel + s.perDay * HISTORY_DAYS : capacity;
  const after = endingAt(consumptionTrace(seed + 1, spec, refillAt, now - 60_000, from), from, s.endLevel);
  return [...before, ...after].map((p, i) => ({
    id: `demo-${s.key}-${i}`,
    supplyId,
    level: Math.min(capacity, Math.round(p.level * 100) / 100),
    unit: s.supply.unit,
    at: new Date(p.t).toISOString(),
  }));
}

/**
 * The trace's use varies by day and by hour, so where it ends depends on the hour the demo is
 * seeded (colour ink came out either side of its 15 % reorder point, so the demo's proposal came and went):
 * its use since `from` is scaled so that it ends at `endLevel`, whatever the hour.
 */
function endingAt<P extends { level: number }>(points: P[], from: number, endLevel: number): P[] {
  const used = from - (points[points.length - 1]?.level ?? from);
  if (used <= 0) return points;
  const scale = (from - endLevel) / used;
  return points.map((p) => ({ ...p, level: Math.max(0, from - (from - p.level) * scale) }));
}

/** The supplies part of the demo household: a fridge, a printer and a filter with their history. */
export const seedSuppliesDemo: DemoContributor = async (app, demo) => {
  const lng = demo.household.locale.startsWith('fr') ? 'fr' : 'en';
  const householdId = demo.household.id;
  const now = app.clock.now().getTime();
  let seed = 7;
  for (const device of DEVICES) {
    const ids: string[] = [];
    for (const s of device.supplies) ids.push((await app.supplies.create(householdId, { ...s.supply, name: s.names[lng] })).id);
    const created = await app.supplies.createDevice(householdId, { name: device.names[lng], kind: device.kind, supplyIds: ids });
    const readings = device.supplies.flatMap((s, i) => demoReadings(s, ids[i], (seed += 10), now));
    await app.supplies.ingest(householdId, created.id, readings);
  }
};
