import { FEATURE_COUNT } from './features';

/**
 * What Miroir learns about one person from their feedback, kept in the store: a comfort offset in
 * °C (positive: runs warm, dresses for a warmer day) and a small linear head over the features,
 * trained online from likes and dislikes and added to the global model's utility.
 */
export interface PersonalState {
  comfortOffset: number;
  /** FEATURE_COUNT weights then a bias. */
  head: number[];
  feedbackCount: number;
}

export type FeedbackRating = 'like' | 'dislike' | 'too_warm' | 'too_cold';
export const FEEDBACK_RATINGS: readonly FeedbackRating[] = ['like', 'dislike', 'too_warm', 'too_cold'];

export const OFFSET_STEP_C = 1;
export const MAX_OFFSET_C = 6;
const HEAD_LR = 0.5;
const HEAD_STEPS = 3;
const HEAD_L2 = 0.01;
const HEAD_MAX = 3;

export function emptyPersonalState(): PersonalState {
  return { comfortOffset: 0, head: new Array(FEATURE_COUNT + 1).fill(0), feedbackCount: 0 };
}

export function personalScore(state: PersonalState | null, features: Float32Array, offset = 0): number {
  if (!state) return 0;
  let sum = state.head[FEATURE_COUNT] ?? 0;
  for (let i = 0; i < FEATURE_COUNT; i++) sum += state.head[i] * features[offset + i];
  return sum;
}

/**
 * One feedback event. `features` are the outfit's features for that day computed with the state's
 * current offset. Returns a new state; the input is not changed.
 */
export function applyFeedback(state: PersonalState, rating: FeedbackRating, features: Float32Array): PersonalState {
  const next: PersonalState = { comfortOffset: state.comfortOffset, head: [...state.head], feedbackCount: state.feedbackCount + 1 };
  if (rating === 'too_warm' || rating === 'too_cold') {
    // Too warm: the person felt the day warmer than we assumed, so dress them for a warmer one.
    const step = rating === 'too_warm' ? OFFSET_STEP_C : -OFFSET_STEP_C;
    next.comfortOffset = Math.max(-MAX_OFFSET_C, Math.min(MAX_OFFSET_C, state.comfortOffset + step));
    return next;
  }
  const target = rating === 'like' ? 1 : 0;
  for (let step = 0; step < HEAD_STEPS; step++) {
    const p = 1 / (1 + Math.exp(-personalScore(next, features)));
    const g = p - target;
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const w = next.head[i] - HEAD_LR * (g * features[i] + HEAD_L2 * next.head[i]);
      next.head[i] = Math.max(-HEAD_MAX, Math.min(HEAD_MAX, w));
    }
    next.head[FEATURE_COUNT] -= HEAD_LR * g * 0.1;
  }
  return next;
}
