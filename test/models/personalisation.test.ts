import { FEATURE_COUNT } from '@models/features';
import { applyFeedback, emptyPersonalState, MAX_OFFSET_C, personalScore } from '@models/personalisation';
import { personalisationExperiment } from '@models/evaluate';
import { seededRng } from '@server/core/random';
import { loadOutfitScorer } from '@models/scorer';

describe('personalisation', () => {
  const features = new Float32Array(FEATURE_COUNT).map((_, i) => (i % 3) / 3);

  it('moves the comfort offset one degree per too_warm / too_cold, within bounds', () => {
    let s = emptyPersonalState();
    s = applyFeedback(s, 'too_warm', features);
    expect(s.comfortOffset).toBe(1);
    s = applyFeedback(s, 'too_cold', features);
    expect(s.comfortOffset).toBe(0);
    for (let i = 0; i < 20; i++) s = applyFeedback(s, 'too_warm', features);
    expect(s.comfortOffset).toBe(MAX_OFFSET_C);
    expect(s.feedbackCount).toBe(22);
  });

  it('raises the personal score of a liked outfit and lowers a disliked one, without touching the input state', () => {
    const start = emptyPersonalState();
    const liked = applyFeedback(start, 'like', features);
    const disliked = applyFeedback(start, 'dislike', features);
    expect(personalScore(liked, features)).toBeGreaterThan(0);
    expect(personalScore(disliked, features)).toBeLessThan(0);
    expect(start.head.every((w) => w === 0)).toBe(true);
    expect(personalScore(null, features)).toBe(0);
  });

  it('after 10 feedback events from people who run 3 °C warm, agrees with them more often', async () => {
    const scorer = await loadOutfitScorer();
    const result = personalisationExperiment(seededRng(42), scorer, { people: 4, events: 10, testDays: 12, offset: 3 });
    expect(result.after).toBeGreaterThan(result.before);
    expect(result.tooWarmAfter).toBeLessThan(result.tooWarmBefore);
    expect(result.learnedOffset).toBeGreaterThan(1);
  });
});
