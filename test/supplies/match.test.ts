import { bestMatch, matchScore } from '@server/supplies/match';

describe('finding a supply by its spoken name', () => {
  const names = ['Lait demi-écrémé', 'Œufs', 'Beurre', 'Black ink', 'Colour ink', 'Water filter'];
  const find = (spoken: string) => bestMatch(spoken, names, (n) => [n]);

  it('understands either language and ignores articles, case and accents', () => {
    expect(find('milk')).toBe('Lait demi-écrémé');
    expect(find('le lait')).toBe('Lait demi-écrémé');
    expect(find('eggs')).toBe('Œufs');
    expect(find('des oeufs')).toBe('Œufs');
    expect(find('black ink')).toBe('Black ink');
    expect(find('encre noire')).toBe('Black ink');
    expect(find('the colour cartridge')).toBe('Colour ink');
    expect(find('filtre à eau')).toBe('Water filter');
  });

  it('absorbs a small slip, and never guesses wildly', () => {
    expect(find('buter')).toBe('Beurre');
    expect(find('water filtr')).toBe('Water filter');
    expect(find('bananas')).toBeNull();
    expect(find('')).toBeNull();
    expect(matchScore('black ink', 'Colour ink')).toBeLessThan(matchScore('black ink', 'Black ink'));
  });
});
