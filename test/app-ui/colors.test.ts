import { dominantColors, hexOf, nearest, paletteNameOf, STORED_NAME } from '@app/core/colors';

/** RGBA pixels of a garment (a centred rectangle) on a backdrop. */
function photo(size: number, garment: (x: number, y: number) => [number, number, number], backdrop: [number, number, number] = [230, 230, 226]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = x > size * 0.25 && x < size * 0.75 && y > size * 0.2 && y < size * 0.85;
      const [r, g, b] = inside ? garment(x, y) : backdrop;
      data.set([r, g, b, 255], (y * size + x) * 4);
    }
  }
  return data;
}

describe('dominant colours of a garment photo', () => {
  it('names a navy sweater navy, ignoring the backdrop around it', () => {
    expect(dominantColors(photo(64, () => [30, 40, 70]), 64, 64)).toEqual(['navy']);
  });

  it('proposes both colours of a two-tone garment, the larger first', () => {
    const twoTone = photo(64, (_x, y) => (y < 45 ? [190, 38, 40] : [31, 42, 68]));
    expect(dominantColors(twoTone, 64, 64)).toEqual(['red', 'navy']);
  });

  it('finds a white shirt on a dark backdrop, and tolerates noise', () => {
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) % 21) - 10;
    const shirt = photo(64, () => [244 + (noise() >> 1), 244 + (noise() >> 1), 240 + (noise() >> 1)], [40, 40, 44]);
    expect(dominantColors(shirt, 64, 64)[0]).toBe('white');
  });

  it('returns nothing for an empty or fully transparent image', () => {
    expect(dominantColors(new Uint8ClampedArray(0), 0, 0)).toEqual([]);
    expect(dominantColors(new Uint8ClampedArray(16 * 16 * 4), 16, 16)).toEqual([]);
  });

  it('maps palette names to what the server stores and back', () => {
    expect(STORED_NAME.lightblue).toBe('light blue');
    expect(paletteNameOf('Light Blue')).toBe('lightblue');
    expect(paletteNameOf('navy')).toBe('navy');
    expect(paletteNameOf('chartreuse')).toBeNull();
    expect(nearest(250, 250, 250)).toBe('white');
    expect(hexOf('black')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
