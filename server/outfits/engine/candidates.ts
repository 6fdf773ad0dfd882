import { feltTemperature, neededClo } from '@models/comfort';
import type { ContextSummary, EngineGarment } from '@models/features';
import { colorHarmony } from '@server/wardrobe/colors';
import { allowedByConstraints, constraintsFor, meetsFloor, type HardConstraints, type Relaxed } from './constraints';

/**
 * Candidate outfits by a bounded beam search over the slots (top or one-piece, optional mid layer,
 * bottom, optional outerwear, footwear), then accessories by rule. Each slot's pool is pruned to
 * a fixed number of items spread over its warmth range, so after one linear pass over the
 * wardrobe the search costs the same for 20 garments or 2,000.
 */
export type MissingSlot = 'top' | 'bottom' | 'footwear';

export interface CandidateOptions {
  beamWidth?: number;
  perSlot?: number;
}

export interface CandidateSet {
  outfits: EngineGarment[][];
  constraints: HardConstraints;
  relaxed: Relaxed[];
  missing: MissingSlot[];
}

interface Pools {
  main: EngineGarment[];
  mid: EngineGarment[];
  bottom: EngineGarment[];
  outer: EngineGarment[];
  footwear: EngineGarment[];
  accessories: EngineGarment[];
}

interface State {
  items: EngineGarment[];
  clo: number;
  prior: number;
  onepiece: boolean;
  cost: number;
}

const DEFAULT_BEAM = 32;
const DEFAULT_PER_SLOT = 12;
const WARMTH_BUCKETS = 4;

/** The garment sum (before the ensemble formula) that reaches the needed clo. */
function targetGarmentSum(need: number): number {
  return (need - 0.161) / 0.835 - 0.06;
}

/** Per-garment preference independent of the others: recency and closeness to the day's formality. */
function itemPrior(g: EngineGarment, formalityTarget: number): number {
  let cost = 0;
  if (g.daysSinceWorn !== null && g.daysSinceWorn >= 1) cost += 0.6 * Math.exp(-(g.daysSinceWorn - 1) / 2);
  if (g.category !== 'accessory') cost += 0.25 * Math.abs(g.formality - Math.max(1, formalityTarget));
  return cost;
}

/** Keeps `k` items: the best few of each warmth band, so light and warm options both survive. */
function prune(pool: EngineGarment[], k: number, formalityTarget: number): EngineGarment[] {
  if (pool.length <= k) return pool;
  // One linear pass computes each prior once; the sorts then compare plain numbers.
  const scored = pool.map((g) => ({ g, prior: itemPrior(g, formalityTarget) }));
  scored.sort((a, b) => a.g.clo - b.g.clo || (a.g.id < b.g.id ? -1 : 1));
  const perBucket = Math.ceil(k / WARMTH_BUCKETS);
  const kept: EngineGarment[] = [];
  for (let b = 0; b < WARMTH_BUCKETS; b++) {
    const band = scored.slice(Math.floor((b * scored.length) / WARMTH_BUCKETS), Math.floor(((b + 1) * scored.length) / WARMTH_BUCKETS));
    band.sort((x, y) => x.prior - y.prior || (x.g.id < y.g.id ? -1 : 1));
    for (const x of band.slice(0, perBucket)) kept.push(x.g);
  }
  return kept;
}

/** Applies the constraints to a pool; when nothing is left, keeps the pool and records which rule gave way. */
function constrain(pool: EngineGarment[], c: HardConstraints, relaxed: Set<Relaxed>): EngineGarment[] {
  const allowed = pool.filter((g) => allowedByConstraints(g, c));
  if (allowed.length > 0 || pool.length === 0) return allowed;
  // Relax one rule at a time, the least important first.
  const order: Relaxed[] = ['noOpenShoes', 'formalityFloor', 'noBareLegs'];
  let current = { ...c };
  for (const rule of order) {
    current = rule === 'formalityFloor' ? { ...current, formalityFloor: 0 } : { ...current, [rule]: false };
    const next = pool.filter((g) => allowedByConstraints(g, current));
    if (next.length > 0) {
      relaxed.add(rule);
      if (rule !== 'formalityFloor' && !pool.some((g) => allowedByConstraints(g, { ...c, [rule]: false }))) relaxed.add('formalityFloor');
      return next;
    }
  }
  return pool;
}

function pick(garments: readonly EngineGarment[]): Pools {
  const pools: Pools = { main: [], mid: [], bottom: [], outer: [], footwear: [], accessories: [] };
  for (const g of garments) {
    if (g.category === 'top') (g.layer === 'mid' ? pools.mid : pools.main).push(g);
    else if (g.category === 'onepiece') pools.main.push(g);
    else if (g.category === 'bottom') pools.bottom.push(g);
    else if (g.category === 'outerwear') pools.outer.push(g);
    else if (g.category === 'footwear') pools.footwear.push(g);
    else pools.accessories.push(g);
  }
  return pools;
}

/** Accessories by rule: an umbrella in the rain, warm ones in the cold, sun ones on a bright hot day. */
export function chooseAccessories(accessories: readonly EngineGarment[], context: ContextSummary, comfortOffset: number, c: HardConstraints): EngineGarment[] {
  const felt = feltTemperature(context.minApparent, context.maxApparent, comfortOffset);
  const chosen: EngineGarment[] = [];
  const byKind = new Map<string, EngineGarment>();
  const sorted = [...accessories].sort((a, b) => itemPrior(a, context.formalityTarget) - itemPrior(b, context.formalityTarget) || (a.id < b.id ? -1 : 1));
  for (const g of sorted) if (!byKind.has(g.kind)) byKind.set(g.kind, g);
  const add = (kind: string): boolean => {
    const g = byKind.get(kind);
    if (g) chosen.push(g);
    return Boolean(g);
  };
  if (context.rain >= 0.3 || c.rainGear) add('umbrella');
  if (felt < 7) add('scarf');
  if (felt < 3) add('gloves');
  if (felt < 4 && !add('beanie')) add('hat');
  if (context.maxApparent >= 22 && context.rain < 0.3 && !context.snow) {
    add('sunglasses');
    if (context.formalityTarget < 2 && !add('cap')) add('hat');
  }
  if (context.formalityTarget >= 3) add('tie');
  return chosen;
}

export function generateCandidates(garments: readonly EngineGarment[], context: ContextSummary, comfortOffset: number, options: CandidateOptions = {}): CandidateSet {
  const beamWidth = options.beamWidth ?? DEFAULT_BEAM;
  const perSlot = options.perSlot ?? DEFAULT_PER_SLOT;
  const constraints = constraintsFor(context, comfortOffset);
  const raw = pick(garments);
  const missing: MissingSlot[] = [];
  const hasOnepiece = raw.main.some((g) => g.category === 'onepiece');
  if (!raw.main.some((g) => g.category === 'top') && !hasOnepiece) missing.push('top');
  if (raw.bottom.length === 0 && !hasOnepiece) missing.push('bottom');
  if (raw.footwear.length === 0) missing.push('footwear');
  if (missing.includes('top') || (missing.includes('bottom') && !hasOnepiece)) return { outfits: [], constraints, relaxed: [], missing };

  const relaxed = new Set<Relaxed>();
  // Without anything to wear over it, a one-piece can stand alone but a top needs a bottom.
  const mainPool = raw.bottom.length === 0 ? raw.main.filter((g) => g.category === 'onepiece') : raw.main;
  const accessories = chooseAccessories(raw.accessories, context, comfortOffset, constraints);
  const umbrella = accessories.some((g) => g.use === 'rain');
  let outerPool = raw.outer.filter((g) => meetsFloor(g, Math.max(0, constraints.formalityFloor - 1)));
  if (outerPool.length === 0 && raw.outer.length > 0 && constraints.formalityFloor > 0) outerPool = raw.outer;
  let outerRequired = false;
  if (constraints.rainGear && !umbrella) {
    const waterproof = outerPool.filter((g) => g.waterproof);
    if (waterproof.length > 0) {
      outerPool = waterproof;
      outerRequired = true;
    } else relaxed.add('rainGear');
  }
  const target = context.formalityTarget;
  // At a formal event a top alone is not enough: the suit jacket or blazer goes on when there is one.
  const formalAll = raw.mid.filter((g) => g.formality >= 3);
  const jackets = formalAll.filter((g) => g.kind === 'suitjacket' || g.kind === 'blazer');
  const formalMids = jackets.length ? jackets : formalAll;
  const jacketRequired = target >= 3 && formalMids.length > 0 && mainPool.some((g) => g.category === 'top');
  const midPool = jacketRequired ? formalMids : raw.mid.filter((g) => allowedByConstraints(g, constraints));
  const slots: { pool: EngineGarment[]; optional: boolean; kind: 'main' | 'mid' | 'bottom' | 'outer' | 'footwear' }[] = [
    { kind: 'main', pool: prune(constrain(mainPool, constraints, relaxed), perSlot, target), optional: false },
    { kind: 'mid', pool: prune(midPool, perSlot, target), optional: !jacketRequired },
    { kind: 'bottom', pool: prune(constrain(raw.bottom, constraints, relaxed), perSlot, target), optional: false },
    { kind: 'outer', pool: prune(outerPool, perSlot, target), optional: !outerRequired },
    { kind: 'footwear', pool: prune(constrain(raw.footwear, constraints, relaxed), perSlot, target), optional: raw.footwear.length === 0 },
  ];

  const need = neededClo(feltTemperature(context.minApparent, context.maxApparent, comfortOffset));
  const targetSum = targetGarmentSum(need) - accessories.reduce((s, g) => s + g.clo, 0);
  // The insulation the remaining slots can still add, for a cost that looks ahead.
  const remaining = slots.map((_, i) => {
    let lo = 0;
    let hi = 0;
    for (const s of slots.slice(i + 1)) {
      if (s.pool.length === 0) continue;
      const clos = s.pool.map((g) => g.clo);
      if (!s.optional) lo += Math.min(...clos);
      hi += Math.max(...clos);
    }
    return { lo, hi };
  });

  let beam: State[] = [{ items: [], clo: 0, prior: 0, onepiece: false, cost: 0 }];
  slots.forEach((slot, index) => {
    const next: State[] = [];
    for (const state of beam) {
      const choices: (EngineGarment | null)[] = [];
      if (slot.kind === 'bottom' && state.onepiece) choices.push(null);
      else {
        choices.push(...slot.pool);
        if (slot.optional || slot.pool.length === 0 || (slot.kind === 'mid' && state.onepiece)) choices.push(null);
      }
      for (const g of choices) {
        const items = g ? [...state.items, g] : state.items;
        const clo = state.clo + (g?.clo ?? 0);
        const prior = state.prior + (g ? itemPrior(g, target) : 0);
        // Look ahead: how far the reachable insulation range is from the target.
        const lo = clo + (slot.kind === 'main' && g?.category === 'onepiece' ? remaining[index].lo - minOf(slots[2].pool) : remaining[index].lo);
        const hi = clo + remaining[index].hi;
        const gap = targetSum < lo ? (lo - targetSum) * 1.5 : targetSum > hi ? (targetSum - hi) * 2.5 : 0;
        const harmony = colorHarmony(items.map((x) => x.hues));
        next.push({ items, clo, prior, onepiece: state.onepiece || g?.category === 'onepiece', cost: prior + gap + (1 - harmony) * 0.8 });
      }
    }
    next.sort((a, b) => a.cost - b.cost);
    beam = next.slice(0, beamWidth);
  });

  const seen = new Set<string>();
  const outfits: EngineGarment[][] = [];
  for (const state of beam) {
    const key = state.items.map((g) => g.id).sort().join('|');
    if (seen.has(key) || state.items.length === 0) continue;
    seen.add(key);
    outfits.push([...state.items, ...accessories]);
  }
  return { outfits, constraints, relaxed: [...relaxed], missing };
}

function minOf(pool: EngineGarment[]): number {
  return pool.length ? Math.min(...pool.map((g) => g.clo)) : 0;
}
