import { loadOutfitScorer, ruleScorer } from '@models/scorer';
import { generateCandidates } from '@server/outfits/engine/candidates';
import { suggestOutfits } from '@server/outfits/engine/suggest';
import { toSyntheticGarments, randomGarmentSpecs } from '@models/synthetic-wardrobe';
import { seededRng } from '@server/core/random';
import { demoWardrobe, makeDay } from '@test/outfits/support/day';

describe('engine edge cases', () => {
  const day = makeDay({ apparent: [8, 10, 12] });

  it('answers an empty wardrobe with what is missing, not an error', () => {
    const r = suggestOutfits({ context: day, garments: [], personal: null, scorer: ruleScorer });
    expect(r.outfits).toEqual([]);
    expect(r.missing).toEqual(['top', 'bottom', 'footwear']);
  });

  it('suggests from a partial wardrobe and names the missing shoes', () => {
    const tops = demoWardrobe('en-US', 'second').filter((g) => g.category === 'top' || g.category === 'bottom');
    const r = suggestOutfits({ context: day, garments: tops, personal: null, scorer: ruleScorer });
    expect(r.outfits.length).toBeGreaterThan(0);
    expect(r.missing).toEqual(['footwear']);
  });

  it('relaxes a rule it cannot meet and says which: a formal day with only casual clothes', () => {
    const casual = demoWardrobe('en-US', 'second').filter((g) => g.formality <= 1);
    const r = suggestOutfits({ context: makeDay({ apparent: [12], dressCode: 'formal' }), garments: casual, personal: null, scorer: ruleScorer });
    expect(r.outfits.length).toBeGreaterThan(0);
    expect(r.relaxed).toContain('formalityFloor');
  });

  it('keeps the search bounded: 2,000 garments give no more candidates than 20', () => {
    const rng = seededRng(3);
    const small = toSyntheticGarments(randomGarmentSpecs(rng, 20), 's');
    const large = toSyntheticGarments(randomGarmentSpecs(rng, 2000), 'l');
    const summary = { minApparent: 5, maxApparent: 10, wind: 4, rain: 0.6, snow: false, formalityTarget: 1 };
    expect(generateCandidates(large, summary, 0).outfits.length).toBeLessThanOrEqual(32);
    expect(generateCandidates(small, summary, 0).outfits.length).toBeLessThanOrEqual(32);
  });

  it('does not put the same top first three days running', async () => {
    const scorer = await loadOutfitScorer();
    const mild = makeDay({ apparent: [12, 14, 16] });
    let wardrobe = demoWardrobe('en-US', 'second');
    const firstTops: string[] = [];
    for (let dayIndex = 0; dayIndex < 3; dayIndex++) {
      const top = suggestOutfits({ context: mild, garments: wardrobe, personal: null, scorer }).outfits[0];
      const main = top.garments.find((g) => (g.category === 'top' && g.layer === 'base') || g.category === 'onepiece')!;
      firstTops.push(main.id);
      // A day passes: what was worn ages by one day, what was just worn is from yesterday.
      const worn = new Set(top.garments.map((g) => g.id));
      wardrobe = wardrobe.map((g) => ({ ...g, daysSinceWorn: worn.has(g.id) ? 1 : g.daysSinceWorn === null ? null : g.daysSinceWorn + 1 }));
    }
    expect(new Set(firstTops).size).toBe(3);
  });

  it('shifts the outfit with the person: someone who runs 4 °C warm gets lighter clothes', () => {
    const wardrobe = demoWardrobe('en-US', 'second');
    const cool = makeDay({ apparent: [6, 8, 9] });
    const base = suggestOutfits({ context: cool, garments: wardrobe, personal: null, scorer: ruleScorer });
    const warm = suggestOutfits({ context: cool, garments: wardrobe, personal: { comfortOffset: 4, head: new Array(15).fill(0), feedbackCount: 3 }, scorer: ruleScorer });
    const clo = (r: typeof base) => r.outfits[0].garments.reduce((s, g) => s + g.clo, 0);
    expect(clo(warm)).toBeLessThan(clo(base));
  });
});
