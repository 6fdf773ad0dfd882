import { colorHarmony, parseColor } from '@server/wardrobe/colors';

describe('colours', () => {
  it('reads English and French names, compound names and hex codes', () => {
    expect(parseColor('Noir')).toEqual({ hue: 0, neutral: true });
    expect(parseColor('bleu marine')?.neutral).toBe(true);
    expect(parseColor('rouge')).toEqual({ hue: 0, neutral: false });
    expect(parseColor('dark green')).toEqual({ hue: 120, neutral: false });
    expect(parseColor('#ff0000')).toEqual({ hue: 0, neutral: false });
    expect(parseColor('#808080')?.neutral).toBe(true);
    expect(parseColor('#00ff00')?.hue).toBeCloseTo(120);
    expect(parseColor('sparkly')).toBeNull();
  });

  it('scores neutrals and analogous colours as harmonious and a rainbow as a clash', () => {
    const c = (...names: string[]) => names.map((n) => parseColor(n)!);
    expect(colorHarmony([c('black'), c('white'), c('red')])).toBe(1);
    expect(colorHarmony([c('blue'), c('sky blue'), c('navy')])).toBe(1);
    expect(colorHarmony([c('blue'), c('orange')])).toBeGreaterThan(0.5);
    expect(colorHarmony([c('red'), c('green'), c('purple'), c('yellow')])).toBeLessThan(0.3);
  });
});
