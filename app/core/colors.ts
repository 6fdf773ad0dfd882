/**
 * Dominant colours of a garment photo, by pixel quantisation to a palette of named colours (the
 * names the server's colour harmony understands, stored in English and shown translated). Plain
 * arithmetic on RGBA pixels so it runs the same in the browser (canvas) and in a unit test.
 *
 * A photo is mostly garment in its middle and background at its edges: pixels are weighted
 * towards the centre, and pixels close to the border's average colour count for little.
 */
export const PALETTE = {
  black: [26, 26, 28],
  white: [245, 245, 242],
  grey: [138, 138, 138],
  navy: [31, 42, 68],
  blue: [47, 95, 179],
  lightblue: [135, 181, 229],
  denim: [72, 100, 140],
  red: [192, 40, 43],
  burgundy: [118, 22, 44],
  pink: [232, 154, 181],
  orange: [230, 126, 34],
  yellow: [241, 196, 15],
  mustard: [205, 160, 30],
  green: [46, 139, 87],
  olive: [112, 130, 56],
  teal: [19, 128, 134],
  purple: [108, 52, 131],
  brown: [107, 68, 35],
  beige: [216, 195, 165],
  camel: [193, 154, 107],
  cream: [243, 236, 210],
} as const satisfies Record<string, readonly [number, number, number]>;

export type ColorName = keyof typeof PALETTE;
export const COLOR_NAMES = Object.keys(PALETTE) as ColorName[];

/** What the server stores for a palette colour (a name its harmony score parses). */
export const STORED_NAME: Record<ColorName, string> = { ...Object.fromEntries(COLOR_NAMES.map((c) => [c, c])), lightblue: 'light blue' } as Record<ColorName, string>;

export function paletteNameOf(stored: string): ColorName | null {
  const v = stored.trim().toLowerCase();
  const found = COLOR_NAMES.find((c) => c === v || STORED_NAME[c] === v);
  return found ?? null;
}

export function hexOf(name: ColorName): string {
  return `#${PALETTE[name].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}

/** "Redmean" distance: cheap and closer to perception than plain RGB. */
function distance(r1: number, g1: number, b1: number, r2: number, g2: number, b2: number): number {
  const rm = (r1 + r2) / 2;
  const dr = r1 - r2;
  const dg = g1 - g2;
  const db = b1 - b2;
  return Math.sqrt((2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db);
}

export function nearest(r: number, g: number, b: number): ColorName {
  let best: ColorName = 'grey';
  let bestD = Infinity;
  for (const name of COLOR_NAMES) {
    const [pr, pg, pb] = PALETTE[name];
    const d = distance(r, g, b, pr, pg, pb);
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best;
}

export interface DominantOptions {
  /** At most this many colours. */
  max?: number;
  /** A colour must cover at least this share of the (weighted) garment to be proposed. */
  minShare?: number;
}

/** The photo's dominant palette colours, most present first. `data` is RGBA, row by row. */
export function dominantColors(data: ArrayLike<number>, width: number, height: number, options: DominantOptions = {}): ColorName[] {
  const max = options.max ?? 3;
  const minShare = options.minShare ?? 0.12;
  if (width <= 0 || height <= 0) return [];
  // The background's colour: the average of a thin border.
  const edge = Math.max(1, Math.round(Math.min(width, height) * 0.06));
  let br = 0;
  let bg = 0;
  let bb = 0;
  let bn = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x >= edge && x < width - edge && y >= edge && y < height - edge) continue;
      const i = (y * width + x) * 4;
      if (data[i + 3] < 128) continue;
      br += data[i];
      bg += data[i + 1];
      bb += data[i + 2];
      bn++;
    }
  }
  const hasBackground = bn > 0;
  if (hasBackground) {
    br /= bn;
    bg /= bn;
    bb /= bn;
  }
  const weights = new Map<ColorName, number>();
  let total = 0;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3] < 128) continue;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      const dx = (x - cx) / (width / 2);
      const dy = (y - cy) / (height / 2);
      let w = Math.max(0.1, 1 - (dx * dx + dy * dy) / 2);
      if (hasBackground && distance(r, g, b, br, bg, bb) < 60) w *= 0.02;
      const name = nearest(r, g, b);
      weights.set(name, (weights.get(name) ?? 0) + w);
      total += w;
    }
  }
  if (total === 0) return [];
  return [...weights.entries()]
    .filter(([, w]) => w / total >= minShare)
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([name]) => name);
}
