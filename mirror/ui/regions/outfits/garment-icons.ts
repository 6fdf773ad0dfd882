import { svgFrom } from '../../core/dom';

/**
 * Drawn garments for items without a photo: one silhouette per kind (falling back to the
 * category's), filled with the garment's colour and outlined so a black coat still shows on the
 * black mirror.
 */
const SHAPES: Record<string, string> = {
  tshirt: 'M20 10l-12 8 5 10 6-3v29h26V25l6 3 5-10-12-8c-2 4-6 6-12 6s-10-2-12-6z',
  shirt: 'M21 9l-13 8 4 12 6-3v28h28V26l6 3 4-12-13-8-11 9zM32 18v36',
  sweater: 'M21 10L9 17 6 50h8l3-24v28h30V26l3 24h8l-3-33-12-7c-2 4-6 6-11 6s-9-2-11-6z',
  jeans: 'M18 8h28l3 48H37l-5-32-5 32H15z',
  trousers: 'M18 8h28l3 48H37l-5-32-5 32H15z',
  shorts: 'M16 12h32l3 26H36l-4-14-4 14H13z',
  skirt: 'M22 10h20l8 40H14z',
  dress: 'M25 6h14l-2 12 11 36H16l11-36z',
  coat: 'M22 6l-12 7-3 43h13V24l12 12 12-12v32h13l-3-43-12-7-10 14z',
  raincoat: 'M32 4c-8 0-12 5-12 10l-10 6-3 38h50l-3-38-10-6c0-5-4-10-12-10z',
  jacket: 'M22 8l-12 7-2 33h12V26l12 10 12-10v22h12l-2-33-12-7-10 12z',
  sneakers: 'M6 38c0-6 3-12 8-14l10 6c6 3 14 4 22 5 7 1 12 4 12 10v5H6z',
  boots: 'M18 6h16v32c8 1 18 4 22 10v8H14V38z',
  sandals: 'M8 44c0-4 4-6 10-6h30c6 0 10 2 10 6v4H8zM22 38l6-12 6 12M38 38l4-10',
  shoes: 'M6 40c0-6 5-10 12-10h10c4 4 12 6 22 7 6 1 8 4 8 8v3H6z',
  scarf: 'M14 12h36v10H38v32h-10V22H14z',
  gloves: 'M20 56V30l-6-8 4-3 6 6V10h4v14V6h4v18V8h4v16V12h4v22l-4 22z',
  umbrella: 'M32 8C18 8 8 18 6 30h52C56 18 46 8 32 8zM32 30v20a5 5 0 0 1-10 0',
  hat: 'M20 36c0-14 4-22 12-22s12 8 12 22zM8 38h48v6H8z',
  cap: 'M14 38c0-12 8-20 18-20s18 8 18 20zM46 38h12v5H14v-5z',
  bag: 'M14 22h36l4 34H10zM24 22c0-8 4-12 8-12s8 4 8 12',
  sunglasses: 'M6 26h52v4l-4 12H38l-4-10h-4l-4 10H10L6 30z',
};

const CATEGORY_FALLBACK: Record<string, string> = {
  top: 'tshirt',
  bottom: 'trousers',
  onepiece: 'dress',
  outerwear: 'coat',
  footwear: 'shoes',
  accessory: 'bag',
};

const KIND_ALIASES: Record<string, string> = {
  pants: 'trousers',
  chinos: 'trousers',
  blouse: 'shirt',
  polo: 'tshirt',
  hoodie: 'sweater',
  cardigan: 'sweater',
  jumper: 'sweater',
  pullover: 'sweater',
  trench: 'raincoat',
  parka: 'coat',
  blazer: 'jacket',
  suit: 'jacket',
  trainers: 'sneakers',
  loafers: 'shoes',
  heels: 'shoes',
  beanie: 'hat',
};

const NAMED_COLOURS: Record<string, string> = {
  denim: '#3b5b8a',
  camel: '#c19a6b',
  charcoal: '#4a5560',
  cream: '#f3ecd2',
  burgundy: '#8c1c3a',
  mustard: '#d9a21b',
  multicolor: '#9c7be0',
  multicolour: '#9c7be0',
};

export function shapeFor(kind: string, category: string): string {
  const k = kind.toLowerCase();
  return SHAPES[k] ?? SHAPES[KIND_ALIASES[k] ?? ''] ?? SHAPES[CATEGORY_FALLBACK[category] ?? 'tshirt'];
}

export function colourOf(colors: string[]): string {
  for (const raw of colors) {
    const name = raw.trim().toLowerCase();
    if (NAMED_COLOURS[name]) return NAMED_COLOURS[name];
    if (typeof CSS !== 'undefined' && CSS.supports('color', name)) return name;
  }
  return '#9e9e9e';
}

export function garmentIcon(kind: string, category: string, colors: string[]): SVGSVGElement {
  const icon = svgFrom(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" aria-hidden="true"><path stroke="#e0e0e0" stroke-width="1.6" stroke-linejoin="round"/></svg>`,
  );
  const path = icon.querySelector('path');
  path?.setAttribute('d', shapeFor(kind, category));
  path?.setAttribute('fill', colourOf(colors));
  icon.setAttribute('class', 'garment-icon');
  return icon;
}
