import type { EngineGarment } from './features';
import { parseColor } from '@server/wardrobe/colors';
import { KINDS, KNOWN_KINDS, formalityRank, type KnownKind } from '@server/wardrobe/kinds';
import { choice, uniform, type Rng } from '@server/core/random';

/**
 * Random but plausible wardrobes, for training, evaluation and the benchmark: kinds in realistic
 * proportions, colours mostly neutral, insulation within ±15 % of the table, a few pieces worn
 * lately.
 */
const SHARE: Record<string, number> = { top: 0.3, mid: 0.12, bottom: 0.17, onepiece: 0.06, outerwear: 0.1, footwear: 0.12, accessory: 0.13 };
const NEUTRALS = ['black', 'white', 'grey', 'navy', 'beige', 'denim', 'camel', 'brown'];
const CHROMATIC = ['red', 'burgundy', 'pink', 'orange', 'mustard', 'yellow', 'olive', 'green', 'teal', 'sky blue', 'blue', 'purple'];

function groupOf(kind: KnownKind): string {
  const info = KINDS[kind];
  if (info.category === 'top') return 'layer' in info && info.layer === 'mid' ? 'mid' : 'top';
  return info.category;
}

const BY_GROUP = new Map<string, KnownKind[]>();
for (const kind of KNOWN_KINDS) {
  const group = groupOf(kind);
  BY_GROUP.set(group, [...(BY_GROUP.get(group) ?? []), kind]);
}

export interface SyntheticGarmentSpec {
  kind: KnownKind;
  colors: string[];
  clo: number;
  formality: number;
}

export function randomGarmentSpecs(rng: Rng, size: number): SyntheticGarmentSpec[] {
  const specs: SyntheticGarmentSpec[] = [];
  const groups = Object.keys(SHARE);
  // Every wardrobe starts with the essentials so the engine always has something to combine.
  const essentials: KnownKind[] = ['tshirt', 'jeans', 'sneakers'];
  for (let i = 0; i < size; i++) {
    let kind: KnownKind;
    if (i < essentials.length) kind = essentials[i];
    else {
      let r = rng();
      let group = groups[groups.length - 1];
      for (const g of groups) {
        if (r < SHARE[g]) {
          group = g;
          break;
        }
        r -= SHARE[g];
      }
      kind = choice(rng, BY_GROUP.get(group)!);
    }
    const info = KINDS[kind];
    const colors = [rng() < 0.6 ? choice(rng, NEUTRALS) : choice(rng, CHROMATIC)];
    if (rng() < 0.2) colors.push(rng() < 0.5 ? choice(rng, NEUTRALS) : choice(rng, CHROMATIC));
    let formality = formalityRank(info.formality);
    if (rng() < 0.15) formality = Math.max(0, Math.min(3, formality + (rng() < 0.5 ? -1 : 1)));
    specs.push({ kind, colors, clo: Math.round(info.clo * uniform(rng, 0.85, 1.15) * 100) / 100, formality });
  }
  return specs;
}

export function toSyntheticGarments(specs: readonly SyntheticGarmentSpec[], prefix: string): EngineGarment[] {
  return specs.map((s, i) => {
    const info = KINDS[s.kind] as (typeof KINDS)[KnownKind] & { layer?: 'base' | 'mid'; bareLegs?: boolean; openShoe?: boolean; use?: 'rain' | 'cold' | 'sun' | 'style' };
    return {
      id: `${prefix}-${i}`,
      name: s.kind,
      category: info.category,
      kind: s.kind,
      layer: info.category === 'top' ? (info.layer ?? 'base') : null,
      clo: s.clo,
      waterproof: info.waterproof,
      formality: s.formality,
      hues: s.colors.map((c) => parseColor(c)!),
      bareLegs: Boolean(info.bareLegs),
      openShoe: Boolean(info.openShoe),
      use: info.category === 'accessory' ? (info.use ?? 'style') : null,
      daysSinceWorn: null,
    };
  });
}

/** A fresh wear history for one day: about one garment in six worn in the last week. */
export function withRecentWear(rng: Rng, garments: readonly EngineGarment[]): EngineGarment[] {
  return garments.map((g) => ({ ...g, daysSinceWorn: rng() < 0.17 ? 1 + Math.floor(rng() * 6) : null }));
}
