/**
 * What each garment kind is: its slot, its default insulation and formality. Insulation values are
 * per-garment clo from ASHRAE 55-2020 Table B-2 (after ISO 9920 Annex B) where the standard lists
 * the garment; outdoor pieces the indoor table does not cover (coats, parkas, gloves, scarves, hats)
 * use the ISO 9920 ensemble figures divided across their pieces, rounded. One table, one file, so a
 * value is corrected in one place.
 */
export const CATEGORIES = ['top', 'bottom', 'onepiece', 'outerwear', 'footwear', 'accessory'] as const;
export type Category = (typeof CATEGORIES)[number];

export const FORMALITIES = ['sport', 'casual', 'smart', 'formal'] as const;
export type Formality = (typeof FORMALITIES)[number];

/** A top worn on the skin, or a layer worn over one. */
export type Layer = 'base' | 'mid';

export interface KindInfo {
  category: Category;
  clo: number;
  formality: Formality;
  waterproof: boolean;
  layer?: Layer;
  /** Bottoms that leave the legs bare (no shorts below a temperature). */
  bareLegs?: boolean;
  /** Footwear that leaves the feet open to rain and cold. */
  openShoe?: boolean;
  /** What an accessory is for, so the engine picks it for the right weather. */
  use?: 'rain' | 'cold' | 'sun' | 'style';
}

export const KINDS = {
  // Tops worn on the skin.
  tshirt: { category: 'top', layer: 'base', clo: 0.08, formality: 'casual', waterproof: false },
  tank: { category: 'top', layer: 'base', clo: 0.06, formality: 'casual', waterproof: false },
  polo: { category: 'top', layer: 'base', clo: 0.17, formality: 'casual', waterproof: false },
  shirt: { category: 'top', layer: 'base', clo: 0.25, formality: 'smart', waterproof: false },
  blouse: { category: 'top', layer: 'base', clo: 0.2, formality: 'smart', waterproof: false },
  longsleeve: { category: 'top', layer: 'base', clo: 0.2, formality: 'casual', waterproof: false },
  flannel: { category: 'top', layer: 'base', clo: 0.34, formality: 'casual', waterproof: false },
  sportstop: { category: 'top', layer: 'base', clo: 0.08, formality: 'sport', waterproof: false },
  thermal: { category: 'top', layer: 'base', clo: 0.2, formality: 'casual', waterproof: false },
  // Layers worn over a base top.
  sweater: { category: 'top', layer: 'mid', clo: 0.36, formality: 'casual', waterproof: false },
  cardigan: { category: 'top', layer: 'mid', clo: 0.25, formality: 'smart', waterproof: false },
  hoodie: { category: 'top', layer: 'mid', clo: 0.34, formality: 'sport', waterproof: false },
  fleece: { category: 'top', layer: 'mid', clo: 0.36, formality: 'sport', waterproof: false },
  vest: { category: 'top', layer: 'mid', clo: 0.13, formality: 'smart', waterproof: false },
  blazer: { category: 'top', layer: 'mid', clo: 0.36, formality: 'formal', waterproof: false },
  suitjacket: { category: 'top', layer: 'mid', clo: 0.44, formality: 'formal', waterproof: false },
  // Bottoms.
  jeans: { category: 'bottom', clo: 0.24, formality: 'casual', waterproof: false },
  trousers: { category: 'bottom', clo: 0.15, formality: 'smart', waterproof: false },
  suittrousers: { category: 'bottom', clo: 0.24, formality: 'formal', waterproof: false },
  chinos: { category: 'bottom', clo: 0.2, formality: 'smart', waterproof: false },
  shorts: { category: 'bottom', clo: 0.08, formality: 'casual', waterproof: false, bareLegs: true },
  skirt: { category: 'bottom', clo: 0.14, formality: 'smart', waterproof: false, bareLegs: true },
  leggings: { category: 'bottom', clo: 0.2, formality: 'sport', waterproof: false },
  joggers: { category: 'bottom', clo: 0.28, formality: 'sport', waterproof: false },
  // One-piece garments (replace top and bottom).
  dress: { category: 'onepiece', clo: 0.29, formality: 'smart', waterproof: false, bareLegs: true },
  winterdress: { category: 'onepiece', clo: 0.47, formality: 'smart', waterproof: false },
  sundress: { category: 'onepiece', clo: 0.23, formality: 'casual', waterproof: false, bareLegs: true },
  eveningdress: { category: 'onepiece', clo: 0.33, formality: 'formal', waterproof: false, bareLegs: true },
  jumpsuit: { category: 'onepiece', clo: 0.3, formality: 'casual', waterproof: false },
  // Outerwear.
  coat: { category: 'outerwear', clo: 0.6, formality: 'smart', waterproof: false },
  parka: { category: 'outerwear', clo: 0.9, formality: 'casual', waterproof: true },
  downjacket: { category: 'outerwear', clo: 0.8, formality: 'casual', waterproof: false },
  trench: { category: 'outerwear', clo: 0.4, formality: 'smart', waterproof: true },
  raincoat: { category: 'outerwear', clo: 0.25, formality: 'casual', waterproof: true },
  jacket: { category: 'outerwear', clo: 0.35, formality: 'casual', waterproof: false },
  windbreaker: { category: 'outerwear', clo: 0.2, formality: 'sport', waterproof: true },
  // Footwear.
  sneakers: { category: 'footwear', clo: 0.02, formality: 'casual', waterproof: false },
  runningshoes: { category: 'footwear', clo: 0.02, formality: 'sport', waterproof: false },
  shoes: { category: 'footwear', clo: 0.02, formality: 'formal', waterproof: false },
  loafers: { category: 'footwear', clo: 0.02, formality: 'smart', waterproof: false },
  heels: { category: 'footwear', clo: 0.02, formality: 'formal', waterproof: false },
  boots: { category: 'footwear', clo: 0.1, formality: 'casual', waterproof: true },
  ankleboots: { category: 'footwear', clo: 0.06, formality: 'smart', waterproof: false },
  rainboots: { category: 'footwear', clo: 0.08, formality: 'casual', waterproof: true },
  sandals: { category: 'footwear', clo: 0.02, formality: 'casual', waterproof: false, openShoe: true },
  // Accessories.
  umbrella: { category: 'accessory', clo: 0, formality: 'smart', waterproof: true, use: 'rain' },
  scarf: { category: 'accessory', clo: 0.1, formality: 'smart', waterproof: false, use: 'cold' },
  gloves: { category: 'accessory', clo: 0.05, formality: 'casual', waterproof: false, use: 'cold' },
  hat: { category: 'accessory', clo: 0.05, formality: 'casual', waterproof: false, use: 'cold' },
  beanie: { category: 'accessory', clo: 0.05, formality: 'casual', waterproof: false, use: 'cold' },
  cap: { category: 'accessory', clo: 0.01, formality: 'sport', waterproof: false, use: 'sun' },
  sunglasses: { category: 'accessory', clo: 0, formality: 'casual', waterproof: false, use: 'sun' },
  tie: { category: 'accessory', clo: 0, formality: 'formal', waterproof: false, use: 'style' },
  belt: { category: 'accessory', clo: 0, formality: 'smart', waterproof: false, use: 'style' },
  bag: { category: 'accessory', clo: 0, formality: 'smart', waterproof: false, use: 'style' },
} as const satisfies Record<string, KindInfo>;

export type KnownKind = keyof typeof KINDS;
export const KNOWN_KINDS = Object.keys(KINDS) as KnownKind[];

/** Defaults for a kind outside the table: a middling garment of its category. */
const CATEGORY_DEFAULTS: Record<Category, KindInfo> = {
  top: { category: 'top', layer: 'base', clo: 0.2, formality: 'casual', waterproof: false },
  bottom: { category: 'bottom', clo: 0.2, formality: 'casual', waterproof: false },
  onepiece: { category: 'onepiece', clo: 0.3, formality: 'casual', waterproof: false },
  outerwear: { category: 'outerwear', clo: 0.4, formality: 'casual', waterproof: false },
  footwear: { category: 'footwear', clo: 0.02, formality: 'casual', waterproof: false },
  accessory: { category: 'accessory', clo: 0, formality: 'casual', waterproof: false, use: 'style' },
};

export function kindInfo(kind: string, category?: Category): KindInfo | null {
  const known = (KINDS as Record<string, KindInfo>)[kind.toLowerCase()];
  if (known) return known;
  return category ? CATEGORY_DEFAULTS[category] : null;
}

export function formalityRank(f: Formality): number {
  return FORMALITIES.indexOf(f);
}

/**
 * Whole-ensemble insulation from the sum of its garments (McCullough & Jones, used by ISO 9920 and
 * ASHRAE 55: I_cl = 0.835 Σ I_clu + 0.161), counting the underwear and socks everyone wears.
 */
export function ensembleClo(garmentClo: number): number {
  const underwearAndSocks = 0.04 + 0.02;
  return 0.835 * (garmentClo + underwearAndSocks) + 0.161;
}
