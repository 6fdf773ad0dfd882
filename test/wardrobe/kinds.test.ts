import { CATEGORIES, FORMALITIES, KINDS, canonicalKind, ensembleClo, kindInfo } from '@server/wardrobe/kinds';
import { toEngineGarment } from '@server/outfits/engine/garments';

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

  it('normalises case, spaces, hyphens, underscores, accents and plurals, in English and French', () => {
    expect(canonicalKind('tank_top')).toBe('tank');
    expect(canonicalKind('dress-shoes')).toBe('shoes');
    expect(canonicalKind('Running Shoes')).toBe('runningshoes');
    expect(canonicalKind('Sneaker')).toBe('sneakers');
    expect(canonicalKind('Wellies')).toBe('rainboots');
    expect(canonicalKind('manteaux')).toBe('coat');
    expect(canonicalKind('Écharpes')).toBe('scarf');
    expect(canonicalKind('robe d’été')).toBe('sundress');
    expect(canonicalKind('lunettes de soleil')).toBe('sunglasses');
    expect(canonicalKind('kimono')).toBeNull();
  });

  it('adapts a kind to a plausible category it is filed under, and refuses an implausible one', () => {
    expect(kindInfo('blazer', 'outerwear')).toMatchObject({ category: 'outerwear', clo: 0.36, formality: 'formal' });
    expect(kindInfo('blazer', 'outerwear')).not.toHaveProperty('layer');
    expect(kindInfo('jacket', 'top')).toMatchObject({ category: 'top', layer: 'mid' });
    expect(kindInfo('jeans', 'footwear')).toBeNull();
    // The outfit engine then sees the blazer as an outer layer, not as a mid layer under a coat.
    const outer = toEngineGarment({ id: 'g', name: 'Suit jacket', category: 'outerwear', kind: 'blazer', warmth: 0.36, waterproof: false, formality: 'formal', colors: [] }, '2026-01-05');
    expect(outer).toMatchObject({ category: 'outerwear', layer: null, formality: 3 });
  });
});
