import { generateCandidates } from '@server/outfits/engine/candidates';
import { FEATURE_COUNT, writeFeatures, type ContextSummary, type EngineGarment } from './features';
import { gumbel, normal, uniform, type Rng } from '@server/core/random';
import { randomGarmentSpecs, toSyntheticGarments, withRecentWear } from './synthetic-wardrobe';

/**
 * Simulated people with hidden preferences choosing among the engine's own candidates. A person's
 * utility is a weighted sum of the same features computed with *their* comfort offset, with
 * weights drawn around a population mean the model never sees: cold hurts more than warmth, rain
 * more than either, dress codes matter, and each person cares differently about colour and repeats.
 */
export const POPULATION_WEIGHTS: readonly number[] = [
  // clo_deficit, clo_excess, clo_deficit_sq, clo_excess_sq
  2.2, 0.9, 2.0, 0.6,
  // rain_exposure, rain_gear_when_dry, formality_short, formality_over
  3.5, 0.5, 6, 1.2,
  // color_clash, recency, wind_exposure, bare_legs_cold, open_shoes_wet, snow_feet
  1.6, 1.4, 1.2, 2.5, 2.0, 2.5,
];

export interface Person {
  /** °C: positive runs warm (feels the day warmer). */
  offset: number;
  weights: number[];
  wardrobe: EngineGarment[];
}

export function randomPerson(rng: Rng, id: string, options: { offset?: number; spread?: number; wardrobeSize?: number } = {}): Person {
  const spread = options.spread ?? 0.4;
  const weights = POPULATION_WEIGHTS.map((w) => w * Math.exp(normal(rng, 0, spread)));
  const size = options.wardrobeSize ?? Math.round(uniform(rng, 25, 70));
  return { offset: options.offset ?? normal(rng, 0, 1.5), weights, wardrobe: toSyntheticGarments(randomGarmentSpecs(rng, size), id) };
}

export function randomDay(rng: Rng): ContextSummary {
  const minApparent = uniform(rng, -12, 32);
  const maxApparent = minApparent + uniform(rng, 1, 9);
  const wet = rng() < 0.35;
  const rain = wet ? uniform(rng, 0.25, 1) : uniform(rng, 0, 0.15);
  const r = rng();
  const formalityTarget = r < 0.6 ? 1 : r < 0.82 ? 2 : r < 0.92 ? 3 : 0;
  return { minApparent, maxApparent, wind: uniform(rng, 0, 14), rain, snow: wet && minApparent < 1 && rng() < 0.7, formalityTarget };
}

export function trueUtility(person: Person, day: ContextSummary, outfit: readonly EngineGarment[], scratch = new Float32Array(FEATURE_COUNT)): number {
  writeFeatures(day, person.offset, outfit, scratch);
  let u = 0;
  for (let i = 0; i < FEATURE_COUNT; i++) u -= person.weights[i] * scratch[i];
  return u;
}

/** One day's choice: the candidates the engine offers and which one the person takes. */
export interface ChoiceGroup {
  day: ContextSummary;
  outfits: EngineGarment[][];
  utilities: number[];
  /** The person's favourite without noise (evaluation target). */
  best: number;
  /** The person's actual pick, with choice noise (training label). */
  picked: number;
}

export function choiceGroup(rng: Rng, person: Person, day: ContextSummary, engineOffset = 0, noise = 0.35): ChoiceGroup | null {
  const wardrobe = withRecentWear(rng, person.wardrobe);
  const { outfits } = generateCandidates(wardrobe, day, engineOffset);
  if (outfits.length < 2) return null;
  const scratch = new Float32Array(FEATURE_COUNT);
  const utilities = outfits.map((o) => trueUtility(person, day, o, scratch));
  let best = 0;
  let picked = 0;
  let pickedValue = -Infinity;
  utilities.forEach((u, i) => {
    if (u > utilities[best]) best = i;
    const noisy = u + noise * gumbel(rng);
    if (noisy > pickedValue) {
      pickedValue = noisy;
      picked = i;
    }
  });
  return { day, outfits, utilities, best, picked };
}

export function randomGroups(rng: Rng, people: number, daysPerPerson: number, prefix: string): { groups: ChoiceGroup[]; persons: Person[] } {
  const groups: ChoiceGroup[] = [];
  const persons: Person[] = [];
  for (let p = 0; p < people; p++) {
    const person = randomPerson(rng, `${prefix}${p}`);
    persons.push(person);
    for (let d = 0; d < daysPerPerson; d++) {
      const g = choiceGroup(rng, person, randomDay(rng));
      if (g) groups.push(g);
    }
  }
  return { groups, persons };
}

