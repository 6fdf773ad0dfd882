import { generateCandidates } from '@server/outfits/engine/candidates';
import { FEATURE_COUNT, writeFeatures, type ContextSummary, type EngineGarment } from './features';
import { applyFeedback, emptyPersonalState, personalScore, type FeedbackRating, type PersonalState } from './personalisation';
import { normal, type Rng } from '@server/core/random';
import type { OutfitScorer } from './scorer';
import { randomDay, randomPerson, trueUtility, type ChoiceGroup, type Person } from './simulate';
import { withRecentWear } from './synthetic-wardrobe';

export type ScoreFn = (features: Float32Array, rows: number) => Float32Array;

export function groupFeatures(group: ChoiceGroup, offset = 0): Float32Array {
  const features = new Float32Array(group.outfits.length * FEATURE_COUNT);
  group.outfits.forEach((o, i) => writeFeatures(group.day, offset, o, features, i * FEATURE_COUNT));
  return features;
}

const argmax = (values: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
};

/** How often the scorer's top-1 is the person's favourite, and the mean utility lost when it is not. */
export function top1Agreement(groups: readonly ChoiceGroup[], score: ScoreFn): { agreement: number; regret: number; chance: number } {
  let agree = 0;
  let regret = 0;
  let chance = 0;
  for (const g of groups) {
    const top = argmax(score(groupFeatures(g), g.outfits.length));
    if (top === g.best) agree++;
    regret += g.utilities[g.best] - g.utilities[top];
    chance += 1 / g.outfits.length;
  }
  return { agreement: agree / groups.length, regret: regret / groups.length, chance: chance / groups.length };
}

interface Decision {
  agree: boolean;
  tooWarm: boolean;
  outfit: EngineGarment[];
  features: Float32Array;
  trueRank: number;
}

/** What the engine would suggest to this person today with what it has learned, and how they would take it. */
function decide(person: Person, day: ContextSummary, wardrobe: EngineGarment[], state: PersonalState, scorer: OutfitScorer): Decision | null {
  const { outfits } = generateCandidates(wardrobe, day, state.comfortOffset);
  if (outfits.length < 2) return null;
  const features = new Float32Array(outfits.length * FEATURE_COUNT);
  outfits.forEach((o, i) => writeFeatures(day, state.comfortOffset, o, features, i * FEATURE_COUNT));
  const base = scorer.score(features, outfits.length);
  const utilities = Array.from(base, (u, i) => u + personalScore(state, features, i * FEATURE_COUNT));
  const top = argmax(utilities);
  const truth = outfits.map((o) => trueUtility(person, day, o));
  const trueRank = truth.filter((u) => u > truth[top]).length;
  const personal = new Float32Array(FEATURE_COUNT);
  writeFeatures(day, person.offset, outfits[top], personal);
  return {
    agree: trueRank === 0,
    tooWarm: personal[1] > 0.2,
    outfit: outfits[top],
    features: features.slice(top * FEATURE_COUNT, (top + 1) * FEATURE_COUNT),
    trueRank,
  };
}

function ratingFor(person: Person, day: ContextSummary, d: Decision): FeedbackRating {
  const f = new Float32Array(FEATURE_COUNT);
  writeFeatures(day, person.offset, d.outfit, f);
  if (f[1] > 0.2) return 'too_warm';
  if (f[0] > 0.2) return 'too_cold';
  return d.trueRank < 3 ? 'like' : 'dislike';
}

export interface PersonalisationResult {
  people: number;
  feedbackEvents: number;
  before: number;
  after: number;
  tooWarmBefore: number;
  tooWarmAfter: number;
  learnedOffset: number;
}

/**
 * People who run `offset` °C warm give `events` pieces of feedback on the engine's daily top-1;
 * top-1 agreement on other days is measured before and after.
 */
export function personalisationExperiment(rng: Rng, scorer: OutfitScorer, options: { people?: number; events?: number; testDays?: number; offset?: number } = {}): PersonalisationResult {
  const people = options.people ?? 40;
  const events = options.events ?? 10;
  const testDays = options.testDays ?? 30;
  let before = 0;
  let after = 0;
  let warmBefore = 0;
  let warmAfter = 0;
  let measured = 0;
  let offsets = 0;
  for (let p = 0; p < people; p++) {
    const person = randomPerson(rng, `warm${p}`, { offset: options.offset ?? 3, spread: 0.2 });
    // Test days on mild-to-cold days, where running warm changes what to wear.
    const tests: { day: ContextSummary; wardrobe: EngineGarment[] }[] = [];
    for (let d = 0; d < testDays; d++) {
      const day = randomDay(rng);
      day.minApparent = normal(rng, 9, 7);
      day.maxApparent = day.minApparent + 4;
      tests.push({ day, wardrobe: withRecentWear(rng, person.wardrobe) });
    }
    const measure = (state: PersonalState): { agree: number; warm: number; n: number } => {
      let agree = 0;
      let warm = 0;
      let n = 0;
      for (const t of tests) {
        const d = decide(person, t.day, t.wardrobe, state, scorer);
        if (!d) continue;
        n++;
        if (d.agree) agree++;
        if (d.tooWarm) warm++;
      }
      return { agree, warm, n };
    };
    const initial = measure(emptyPersonalState());
    let state = emptyPersonalState();
    let given = 0;
    while (given < events) {
      const day = randomDay(rng);
      day.minApparent = normal(rng, 9, 7);
      day.maxApparent = day.minApparent + 4;
      const d = decide(person, day, withRecentWear(rng, person.wardrobe), state, scorer);
      if (!d) continue;
      state = applyFeedback(state, ratingFor(person, day, d), d.features);
      given++;
    }
    const learned = measure(state);
    before += initial.agree;
    after += learned.agree;
    warmBefore += initial.warm;
    warmAfter += learned.warm;
    measured += initial.n;
    offsets += state.comfortOffset;
  }
  return {
    people,
    feedbackEvents: events,
    before: before / measured,
    after: after / measured,
    tooWarmBefore: warmBefore / measured,
    tooWarmAfter: warmAfter / measured,
    learnedOffset: offsets / people,
  };
}

