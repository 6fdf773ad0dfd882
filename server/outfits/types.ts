import type { FeedbackRating } from '@models/personalisation';
import type { ContextEvent, ContextOverrides, DressCode, OutdoorWeather, OutdoorWindow } from '@server/day-context/types';
import type { Garment } from '@server/wardrobe/service';
import type { BringItem } from './engine/bring';
import type { MissingSlot } from './engine/candidates';
import type { Relaxed } from './engine/constraints';

export type { BringItem, FeedbackRating, MissingSlot, Relaxed };

/** One suggested outfit, best first (CONTRACT.md). */
export interface SuggestedOutfit {
  garmentIds: string[];
  /** Share of preference among the candidates the engine considered, 0–1. */
  score: number;
  /** One sentence in the household's language. */
  explanation: string;
}

/** What POST /api/v1/outfits/suggest answers (and GET /api/v1/outfits/today, with its garments), and what voice and the mirror show. */
export interface Suggestion {
  outfits: SuggestedOutfit[];
  /** Stable ids: umbrella, gym_bag, swimsuit, sunglasses… */
  bring: BringItem[];
  /** The same, in the household's language. */
  bringLabels: string[];
  context: {
    date: string;
    profileId: string;
    weather: OutdoorWeather | null;
    /** true when no forecast was available and the season's typical weather was used. */
    typicalWeather: boolean;
    events: ContextEvent[];
    dressCode: DressCode;
    outdoorWindows: OutdoorWindow[];
  };
  /** Slots the wardrobe lacks (no outfit can be made without top and bottom). */
  missing: MissingSlot[];
  /** A localized sentence when something is missing, else null. */
  message: string | null;
  /** Rules that had to give way because the clean wardrobe could not meet them, localized. */
  notes: string[];
  /** Whether the person's learned preferences were used (consent 'feedback_learning'). */
  personalised: boolean;
}

/** GET /api/v1/outfits/today: the suggestion and the garments its outfits name, as the wardrobe lists them. */
export interface TodaysSuggestion extends Suggestion {
  garments: Garment[];
}

export interface SuggestInput {
  profileId?: string;
  /** Local date YYYY-MM-DD; today in the household's zone by default. */
  date?: string;
  overrides?: ContextOverrides;
}

export interface FeedbackInput {
  profileId?: string;
  garmentIds: string[];
  rating: FeedbackRating;
  date?: string;
}

export interface FeedbackResult {
  id: string;
  profileId: string;
  date: string;
  rating: FeedbackRating;
  garmentIds: string[];
  /** false when the household has not consented to learning: recorded as worn only. */
  learned: boolean;
}

export interface PersonalisationView {
  profileId: string;
  learning: boolean;
  comfortOffset: number;
  feedbackCount: number;
}

export interface SwapInput {
  profileId?: string;
  date?: string;
  /** The outfit shown (garment ids). */
  garmentIds: string[];
  /** The garment to change for the next best one. */
  replace: string;
}

/** The outfit with one garment changed (POST /api/v1/outfits/swap). */
export interface SwapResult {
  garmentIds: string[];
  replaced: string;
  /** The garments that came in for it (one, or a set such as a dress for a top and bottom). */
  added: string[];
  explanation: string;
}
