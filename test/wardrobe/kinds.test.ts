import { CATEGORIES, FORMALITIES, KINDS, ensembleClo, kindInfo } from '@server/wardrobe/kinds';

describe('garment kinds (ASHRAE 55 / ISO 9920 insulation)', () => {
  it('gives every kind a category, a formality and a plausible per-garment clo', () => {
    for (const [kind, info] of Object.entries(KINDS)) {
      expect(CATEGORIES).toContain(info.category);
      expect(FORMALITIES).toContain(info.formality);
      expect(info.clo).toBeGreaterThanOrEqual(0);
      expect(info.clo).toBeLessThanOrEqual(1);
      if (info.category === 'top') expect(['base', 'mid']).toContain((info as { layer?: string }).layer);
      expect(kindInfo(kind.toUpperCase())).toBe(info);
    }
  });

  it('keeps the standard per-garment values where the table lists them', () => {
    expect(KINDS.tshirt.clo).toBe(0.08);
    expect(KINDS.shirt.clo).toBe(0.25);
    expect(KINDS.sweater.clo).toBe(0.36);
    expect(KINDS.jeans.clo).toBe(0.24);
    expect(KINDS.suitjacket.clo).toBe(0.44);
    expect(KINDS.boots.clo).toBe(0.1);
  });

  it('sums an ensemble the McCullough way: trousers and a shirt are about 0.6 clo, a winter outfit about 1.5', () => {
    expect(ensembleClo(KINDS.shirt.clo + KINDS.trousers.clo + KINDS.shoes.clo)).toBeCloseTo(0.55, 1);
    expect(ensembleClo(KINDS.shirt.clo + KINDS.sweater.clo + KINDS.jeans.clo + KINDS.coat.clo + KINDS.boots.clo)).toBeCloseTo(1.5, 1);
  });

  it('falls back to the category for unknown kinds, and knows nothing without one', () => {
    expect(kindInfo('kimono', 'onepiece')).toMatchObject({ category: 'onepiece', clo: 0.3 });
    expect(kindInfo('kimono')).toBeNull();
  });
});
