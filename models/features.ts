import { colorHarmony, type Hue } from '@server/wardrobe/colors';
import { ensembleClo, type Category, type Layer } from '@server/wardrobe/kinds';
import { feltTemperature, neededClo } from './comfort';

/**
 * The (context, outfit) feature vector the outfit model scores. Shared by the server's engine and
 * by the training script so both compute exactly the same numbers.
 */
export const FEATURE_NAMES = [
  'clo_deficit',
  'clo_excess',
  'clo_deficit_sq',
  'clo_excess_sq',
  'rain_exposure',
  'rain_gear_when_dry',
  'formality_short',
  'formality_over',
  'color_clash',
  'recency',
  'wind_exposure',
  'bare_legs_cold',
  'open_shoes_wet',
  'snow_feet',
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** A garment as the engine and the model see it (already resolved from the store row). */
export interface EngineGarment {
  id: string;
  name: string;
  category: Category;
  kind: string;
  layer: Layer | null;
  clo: number;
  waterproof: boolean;
  /** 0 sport, 1 casual, 2 smart, 3 formal. */
  formality: number;
  hues: Hue[];
  bareLegs: boolean;
  openShoe: boolean;
  use: 'rain' | 'cold' | 'sun' | 'style' | null;
  /** Days since last worn by this person (1 = yesterday), null when not in the recent log. */
  daysSinceWorn: number | null;
}

/** The day reduced to what the model needs. */
export interface ContextSummary {
  minApparent: number;
  maxApparent: number;
  /** m/s over the outdoor hours. */
  wind: number;
  /** 0 dry … 1 heavy rain, from the probability and the amount over the outdoor hours. */
  rain: number;
  snow: boolean;
  /** 0 sport … 3 formal: what the day's events ask for. */
  formalityTarget: number;
}

export function rainSeverity(maxProbability: number, precipitationSum: number): number {
  const byProbability = Math.max(0, Math.min(1, (maxProbability - 20) / 60));
  const byAmount = Math.min(1, precipitationSum / 4);
  return Math.min(1, 0.5 * byProbability + 0.5 * byAmount + (precipitationSum >= 2 ? 0.2 : 0));
}

/** Insulation of the whole ensemble and the other outfit-level quantities the features use. */
export function outfitTotals(garments: readonly EngineGarment[]): { clo: number; cover: number; hasOuter: boolean; waterproofFeet: boolean } {
  let sum = 0;
  let outerWet = false;
  let hasOuter = false;
  let umbrella = false;
  let waterproofFeet = false;
  for (const g of garments) {
    sum += g.clo;
    if (g.category === 'outerwear') {
      hasOuter = true;
      if (g.waterproof) outerWet = true;
    } else if (g.category === 'footwear' && g.waterproof) waterproofFeet = true;
    else if (g.category === 'accessory' && g.use === 'rain') umbrella = true;
  }
  // The body is covered by a waterproof layer or an umbrella; wet feet need waterproof shoes.
  const body = Math.min(1, (outerWet ? 0.8 : 0) + (umbrella ? 0.6 : 0));
  const cover = 0.75 * body + (waterproofFeet ? 0.25 : 0);
  return { clo: ensembleClo(sum), cover, hasOuter, waterproofFeet };
}

/** Recency of the garments worn lately: 1 for a piece worn yesterday, fading over a few days. */
export function recencyOf(garments: readonly EngineGarment[]): number {
  let total = 0;
  let counted = 0;
  for (const g of garments) {
    if (g.category === 'accessory' || g.category === 'outerwear' || g.category === 'footwear') continue;
    counted++;
    if (g.daysSinceWorn !== null && g.daysSinceWorn >= 1) total += Math.exp(-(g.daysSinceWorn - 1) / 2);
  }
  return counted ? total / counted : 0;
}

/** Writes the features of one outfit into `out` at `offset` (batched scoring fills one buffer). */
export function writeFeatures(context: ContextSummary, comfortOffset: number, garments: readonly EngineGarment[], out: Float32Array, offset = 0): void {
  const felt = feltTemperature(context.minApparent, context.maxApparent, comfortOffset);
  const need = neededClo(felt);
  const totals = outfitTotals(garments);
  const deficit = Math.max(0, need - totals.clo);
  const excess = Math.max(0, totals.clo - need);
  let minFormality = 3;
  let maxFormality = 0;
  let bareLegs = false;
  let openShoe = false;
  const hues: Hue[][] = [];
  for (const g of garments) {
    if (g.category !== 'accessory') {
      // A casual coat over a suit is forgiven more than casual shoes: outerwear comes off indoors.
      const f = g.category === 'outerwear' ? g.formality + 1 : g.formality;
      minFormality = Math.min(minFormality, f);
      maxFormality = Math.max(maxFormality, g.formality);
      hues.push(g.hues);
    }
    if (g.bareLegs) bareLegs = true;
    if (g.openShoe) openShoe = true;
  }
  const wet = Math.min(1, context.rain + (context.snow ? 0.5 : 0));
  out[offset + 0] = deficit;
  out[offset + 1] = excess;
  out[offset + 2] = deficit * deficit;
  out[offset + 3] = excess * excess;
  out[offset + 4] = wet * (1 - totals.cover);
  out[offset + 5] = (1 - wet) * totals.cover * (totals.cover > 0.5 ? 1 : 0.5);
  out[offset + 6] = Math.max(0, context.formalityTarget - minFormality) / 3;
  out[offset + 7] = Math.max(0, maxFormality - Math.max(1, context.formalityTarget)) / 3;
  out[offset + 8] = 1 - colorHarmony(hues);
  out[offset + 9] = recencyOf(garments);
  out[offset + 10] = Math.min(1, context.wind / 12) * (totals.hasOuter ? 0.15 : 1) * (felt < 18 ? 1 : 0.3);
  out[offset + 11] = bareLegs ? Math.max(0, Math.min(1, (16 - felt) / 10)) : 0;
  out[offset + 12] = openShoe ? Math.max(wet, Math.max(0, Math.min(1, (14 - felt) / 10))) : 0;
  out[offset + 13] = context.snow && !totals.waterproofFeet ? 1 : 0;
}

export function featuresOf(context: ContextSummary, comfortOffset: number, garments: readonly EngineGarment[]): Float32Array {
  const out = new Float32Array(FEATURE_COUNT);
  writeFeatures(context, comfortOffset, garments, out);
  return out;
}
