import { feltTemperature } from '@models/comfort';
import type { ContextSummary, EngineGarment } from '@models/features';

/** Hard rules an outfit must meet; each can be relaxed (and said so) when the wardrobe cannot. */
export interface HardConstraints {
  /** Rain gear (waterproof outerwear or an umbrella) is required. */
  rainGear: boolean;
  /** Shorts, skirts and summer dresses are out. */
  noBareLegs: boolean;
  /** Sandals are out. */
  noOpenShoes: boolean;
  /** Minimum formality (0 sport … 3 formal) for the garments seen at the event. */
  formalityFloor: number;
}

export const HEAVY_RAIN = 0.55;
export const BARE_LEGS_BELOW_C = 14;
export const OPEN_SHOES_BELOW_C = 16;

export type Relaxed = 'rainGear' | 'noBareLegs' | 'noOpenShoes' | 'formalityFloor';

export function constraintsFor(context: ContextSummary, comfortOffset: number): HardConstraints {
  const coldest = feltTemperature(context.minApparent, context.minApparent, comfortOffset);
  return {
    rainGear: context.rain >= HEAVY_RAIN,
    noBareLegs: coldest < BARE_LEGS_BELOW_C || context.snow,
    noOpenShoes: coldest < OPEN_SHOES_BELOW_C || context.rain >= 0.35 || context.snow,
    // A smart or formal event sets a hard floor of smart (formal is the model's target, not a
    // filter: a white shirt and tailored trousers pass at an interview). Casual and sport: none.
    formalityFloor: context.formalityTarget >= 2 ? 2 : 0,
  };
}

/** Formality a garment counts for at an event: outerwear is taken off indoors, so it gets one level of grace. */
export function meetsFloor(g: EngineGarment, floor: number): boolean {
  if (floor === 0 || g.category === 'accessory') return true;
  return (g.category === 'outerwear' ? g.formality + 1 : g.formality) >= floor;
}

export function allowedByConstraints(g: EngineGarment, c: HardConstraints): boolean {
  if (!meetsFloor(g, c.formalityFloor)) return false;
  if (c.noBareLegs && g.bareLegs) return false;
  if (c.noOpenShoes && g.openShoe) return false;
  return true;
}
