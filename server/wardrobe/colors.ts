/**
 * Colour names (English and French, as people type them) and #rrggbb, reduced to a hue and a
 * neutral flag, and a harmony score for an outfit. Neutrals (black, white, grey, navy, beige,
 * denim…) go with anything; chromatic colours harmonise when analogous or complementary.
 */
export interface Hue {
  /** Degrees 0-360; ignored for neutrals. */
  hue: number;
  neutral: boolean;
}

const NAMED: Record<string, Hue> = {};
function named(hue: number, neutral: boolean, ...names: string[]): void {
  for (const n of names) NAMED[n] = { hue, neutral };
}
named(0, true, 'black', 'noir', 'white', 'blanc', 'grey', 'gray', 'gris', 'anthracite', 'charcoal', 'silver', 'argent', 'cream', 'crème', 'creme', 'ivory', 'ivoire', 'ecru', 'écru');
named(220, true, 'navy', 'marine', 'bleu marine', 'denim', 'indigo');
named(35, true, 'beige', 'camel', 'taupe', 'khaki', 'kaki', 'sand', 'sable', 'brown', 'marron', 'brun', 'chocolate', 'chocolat', 'tan', 'cognac');
named(0, false, 'red', 'rouge');
named(345, false, 'burgundy', 'bordeaux', 'wine');
named(330, false, 'pink', 'rose', 'fuchsia', 'magenta');
named(15, false, 'coral', 'corail', 'rust', 'rouille', 'terracotta');
named(30, false, 'orange');
named(45, false, 'mustard', 'moutarde', 'gold', 'doré', 'or');
named(55, false, 'yellow', 'jaune');
named(90, false, 'lime', 'citron vert', 'olive');
named(120, false, 'green', 'vert', 'emerald', 'émeraude', 'bottle green', 'vert bouteille', 'forest', 'sapin');
named(170, false, 'teal', 'turquoise', 'mint', 'menthe', 'canard');
named(200, false, 'sky', 'sky blue', 'bleu ciel', 'light blue', 'ciel');
named(220, false, 'blue', 'bleu', 'royal blue', 'bleu roi', 'cobalt');
named(270, false, 'purple', 'violet', 'lavender', 'lavande', 'lilac', 'lilas', 'plum', 'prune', 'mauve');

export function parseColor(value: string): Hue | null {
  const v = value.trim().toLowerCase();
  if (NAMED[v]) return NAMED[v];
  const hex = /^#?([0-9a-f]{6})$/.exec(v);
  if (hex) {
    const n = parseInt(hex[1], 16);
    const r = ((n >> 16) & 255) / 255;
    const g = ((n >> 8) & 255) / 255;
    const b = (n & 255) / 255;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const l = (max + min) / 2;
    const d = max - min;
    const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
    if (s < 0.2 || l < 0.12 || l > 0.92) return { hue: 0, neutral: true };
    let h: number;
    if (max === r) h = ((g - b) / d) % 6;
    else if (max === g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
    return { hue: (h * 60 + 360) % 360, neutral: false };
  }
  // "bleu clair", "dark green": the last known word decides.
  for (const word of v.split(/[\s-]+/).reverse()) if (NAMED[word]) return NAMED[word];
  for (const word of v.split(/[\s-]+/)) if (NAMED[word]) return NAMED[word];
  return null;
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/**
 * 1 for an outfit that harmonises (neutrals, one hue family, analogous or complementary pairs),
 * down to 0 when several chromatic colours clash. Garments are lists of their colours.
 */
export function colorHarmony(garments: readonly (readonly Hue[])[]): number {
  const chromatic: number[] = [];
  for (const colors of garments) for (const c of colors) if (!c.neutral) chromatic.push(c.hue);
  if (chromatic.length <= 1) return 1;
  let pairs = 0;
  let clash = 0;
  for (let i = 0; i < chromatic.length; i++) {
    for (let j = i + 1; j < chromatic.length; j++) {
      pairs++;
      const d = hueDistance(chromatic[i], chromatic[j]);
      if (d <= 40) continue;
      if (d >= 150) clash += 0.25;
      else clash += d <= 70 ? 0.5 : 1;
    }
  }
  return Math.max(0, 1 - clash / pairs);
}
