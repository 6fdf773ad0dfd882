import { FEATURE_COUNT, writeFeatures, type EngineGarment } from '@models/features';
import { personalScore, type PersonalState } from '@models/personalisation';
import type { OutfitScorer } from '@models/scorer';
import type { DayContext } from '@server/day-context/types';
import { translator } from '@server/plugins/i18n';
import { bringList, type BringItem } from './bring';
import { generateCandidates, type CandidateOptions, type MissingSlot } from './candidates';
import type { Relaxed } from './constraints';
import { summarizeDay, type DaySummary } from './context';
import { dayFacts, explainOutfit } from './explain';

/**
 * The pure engine: a day, the garments a person can wear today, what was learned about them, and a
 * scorer in; the top outfits with their explanations out. No store, no clock, no HTTP: tests build
 * a DayContext and call it directly.
 */
export interface EngineInput {
  context: DayContext;
  /** Available garments only (the laundry is filtered out by the caller). */
  garments: readonly EngineGarment[];
  /** null when feedback learning is off or nothing was learned yet. */
  personal: PersonalState | null;
  scorer: OutfitScorer;
  top?: number;
  options?: CandidateOptions;
}

export interface EngineOutfit {
  garments: EngineGarment[];
  /** Share of preference among the candidates considered (softmax of the utilities). */
  score: number;
  utility: number;
  explanation: string;
}

export interface EngineResult {
  outfits: EngineOutfit[];
  bring: BringItem[];
  missing: MissingSlot[];
  relaxed: Relaxed[];
  day: DaySummary;
  candidates: number;
}

function difference(a: readonly EngineGarment[], b: readonly EngineGarment[]): number {
  const ids = new Set(b.filter((g) => g.category !== 'accessory').map((g) => g.id));
  return a.filter((g) => g.category !== 'accessory' && !ids.has(g.id)).length;
}

export function suggestOutfits(input: EngineInput): EngineResult {
  const { context, personal, scorer } = input;
  const top = input.top ?? 3;
  const offset = personal?.comfortOffset ?? 0;
  const day = summarizeDay(context);
  const set = generateCandidates(input.garments, day, offset, input.options);
  const bring = bringList(day, context.activities, offset);
  const rows = set.outfits.length;
  if (rows === 0) return { outfits: [], bring, missing: set.missing, relaxed: set.relaxed, day, candidates: 0 };

  // One batch for every candidate: one scorer call per request.
  const features = new Float32Array(rows * FEATURE_COUNT);
  set.outfits.forEach((outfit, i) => writeFeatures(day, offset, outfit, features, i * FEATURE_COUNT));
  const base = scorer.score(features, rows);
  const utilities = Array.from(base, (u, i) => u + personalScore(personal, features, i * FEATURE_COUNT));
  const max = Math.max(...utilities);
  const exp = utilities.map((u) => Math.exp(u - max));
  const total = exp.reduce((a, b) => a + b, 0);
  const order = utilities.map((u, i) => ({ u, i })).sort((a, b) => b.u - a.u || a.i - b.i);

  // Best first, each next one visibly different (two garments) when the wardrobe allows it.
  const picked: number[] = [];
  for (const minDiff of [2, 1]) {
    for (const { i } of order) {
      if (picked.length >= top) break;
      if (picked.includes(i)) continue;
      if (picked.every((p) => difference(set.outfits[i], set.outfits[p]) >= minDiff)) picked.push(i);
    }
  }
  picked.sort((a, b) => utilities[b] - utilities[a]);
  const t = translator(context.locale);
  const facts = dayFacts(context, day, offset);
  return {
    outfits: picked.map((i) => ({
      garments: set.outfits[i],
      score: Math.round((exp[i] / total) * 1000) / 1000,
      utility: utilities[i],
      explanation: explainOutfit(context, facts, set.outfits[i], t),
    })),
    bring,
    missing: set.missing,
    relaxed: set.relaxed,
    day,
    candidates: rows,
  };
}
