import { FEATURE_COUNT, writeFeatures, type EngineGarment } from '@models/features';
import { personalScore } from '@models/personalisation';
import type { Category } from '@server/wardrobe/kinds';
import { translator } from '@server/plugins/i18n';
import { generateCandidates } from './candidates';
import { summarizeDay } from './context';
import { dayFacts, explainOutfit } from './explain';
import type { EngineInput, EngineOutfit } from './suggest';

export interface SwapInput extends EngineInput {
  /** The outfit the person is looking at. */
  current: readonly string[];
  /** The garment they want another one for (it may be in the wash by now). */
  replace: string;
  replaceCategory: Category;
}

/**
 * The next best outfit that keeps what the person is wearing and changes one garment: the same
 * candidate search and scorer as a suggestion, over the current pieces plus every other clean
 * garment of the replaced one's category. Among the candidates that bring a new garment of that
 * category, the one keeping most of the current outfit wins, then the best scored. Null when the
 * wardrobe has no other garment that fits.
 */
export function swapGarment(input: SwapInput): EngineOutfit | null {
  const { context, personal, scorer, replace, replaceCategory } = input;
  const keep = new Set(input.current.filter((id) => id !== replace));
  const pool = input.garments.filter((g) => g.id !== replace && (keep.has(g.id) || g.category === replaceCategory));
  const offset = personal?.comfortOffset ?? 0;
  const day = summarizeDay(context);
  const set = generateCandidates(pool, day, offset, input.options);
  const candidates = set.outfits.filter((o) => o.some((g) => g.category === replaceCategory && !keep.has(g.id)));
  if (candidates.length === 0) return null;
  const features = new Float32Array(candidates.length * FEATURE_COUNT);
  candidates.forEach((outfit, i) => writeFeatures(day, offset, outfit, features, i * FEATURE_COUNT));
  const base = scorer.score(features, candidates.length);
  const utility = (i: number) => base[i] + personalScore(personal, features, i * FEATURE_COUNT);
  const kept = (o: readonly EngineGarment[]) => o.filter((g) => keep.has(g.id)).length;
  let best = 0;
  for (let i = 1; i < candidates.length; i++) {
    const k = kept(candidates[i]) - kept(candidates[best]);
    if (k > 0 || (k === 0 && utility(i) > utility(best))) best = i;
  }
  const t = translator(context.locale);
  const outfit = candidates[best];
  return { garments: outfit, score: 1, utility: utility(best), explanation: explainOutfit(context, dayFacts(context, day, offset), outfit, t) };
}
