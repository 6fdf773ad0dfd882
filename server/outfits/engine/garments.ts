import type { EngineGarment } from '@models/features';
import { parseColor, type Hue } from '@server/wardrobe/colors';
import { formalityRank, kindInfo } from '@server/wardrobe/kinds';
import type { Garment } from '@server/wardrobe/service';

/** Whole days from `lastWorn` to `today` (both YYYY-MM-DD). */
export function daysBetween(lastWorn: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastWorn}T00:00:00Z`)) / 86_400_000);
}

/** A stored garment as the engine sees it; `lastWorn` is the last date this person wore it. */
export function toEngineGarment(g: Pick<Garment, 'id' | 'name' | 'category' | 'kind' | 'warmth' | 'waterproof' | 'formality' | 'colors'>, today: string, lastWorn?: string): EngineGarment {
  const info = kindInfo(g.kind, g.category);
  const hues = g.colors.map(parseColor).filter((h): h is Hue => h !== null);
  const days = lastWorn ? daysBetween(lastWorn, today) : null;
  return {
    id: g.id,
    name: g.name,
    category: g.category,
    kind: g.kind,
    layer: g.category === 'top' ? (info?.layer ?? 'base') : null,
    clo: g.warmth,
    waterproof: g.waterproof,
    formality: formalityRank(g.formality),
    hues,
    bareLegs: Boolean(info?.bareLegs),
    openShoe: Boolean(info?.openShoe),
    use: g.category === 'accessory' ? (info?.use ?? 'style') : null,
    daysSinceWorn: days !== null && days >= 1 ? days : null,
  };
}
