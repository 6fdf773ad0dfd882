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
  /**
   * Other categories a person may plausibly file this kind under (a blazer or a gilet worn as the
   * outer layer): the category given then wins over the table's.
   */
  alsoAs?: readonly Category[];
}

export const KINDS = {
  // Tops worn on the skin.
  tshirt: { category: 'top', layer: 'base', clo: 0.08, formality: 'casual', waterproof: false },
  tank: { category: 'top', layer: 'base', clo: 0.06, formality: 'casual', waterproof: false },
  polo: { category: 'top', layer: 'base', clo: 0.17, formality: 'casual', waterproof: false },
  shirt: { category: 'top', layer: 'base', clo: 0.25, formality: 'smart', waterproof: false },
  blouse: { category: 'top', layer: 'base', clo: 0.2, formality: 'smart', waterproof: false },
  longsleeve: { category: 'top', layer: 'base', clo: 0.2, formality: 'casual', waterproof: false },
  flannel: { category: 'top', layer: 'base', clo: 0.34, formality: 'casual', waterproof: false, alsoAs: ['outerwear'] },
  sportstop: { category: 'top', layer: 'base', clo: 0.08, formality: 'sport', waterproof: false },
  thermal: { category: 'top', layer: 'base', clo: 0.2, formality: 'casual', waterproof: false, alsoAs: ['bottom'] },
  // Layers worn over a base top.
  sweater: { category: 'top', layer: 'mid', clo: 0.36, formality: 'casual', waterproof: false, alsoAs: ['outerwear'] },
  cardigan: { category: 'top', layer: 'mid', clo: 0.25, formality: 'smart', waterproof: false, alsoAs: ['outerwear'] },
  hoodie: { category: 'top', layer: 'mid', clo: 0.34, formality: 'sport', waterproof: false, alsoAs: ['outerwear'] },
  fleece: { category: 'top', layer: 'mid', clo: 0.36, formality: 'sport', waterproof: false, alsoAs: ['outerwear'] },
  vest: { category: 'top', layer: 'mid', clo: 0.13, formality: 'smart', waterproof: false, alsoAs: ['outerwear'] },
  blazer: { category: 'top', layer: 'mid', clo: 0.36, formality: 'formal', waterproof: false, alsoAs: ['outerwear'] },
  suitjacket: { category: 'top', layer: 'mid', clo: 0.44, formality: 'formal', waterproof: false, alsoAs: ['outerwear'] },
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
  jacket: { category: 'outerwear', clo: 0.35, formality: 'casual', waterproof: false, alsoAs: ['top'] },
  windbreaker: { category: 'outerwear', clo: 0.2, formality: 'sport', waterproof: true, alsoAs: ['top'] },
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

/**
 * Other names for the kinds, as people write them in English and French. Written naturally here;
 * looked up through `kindKey`, so case, accents, spaces, hyphens and underscores do not matter.
 */
const ALIASES: Record<string, KnownKind> = {
  // English
  tee: 'tshirt', 'tee shirt': 'tshirt', 'tank top': 'tank', camisole: 'tank', singlet: 'tank', 'polo shirt': 'polo',
  'dress shirt': 'shirt', 'button down': 'shirt', 'long sleeve': 'longsleeve', 'long sleeve shirt': 'longsleeve',
  'flannel shirt': 'flannel', overshirt: 'flannel', 'sports top': 'sportstop', 'sports bra': 'sportstop', 'base layer': 'thermal',
  jumper: 'sweater', pullover: 'sweater', turtleneck: 'sweater', sweatshirt: 'hoodie', hoody: 'hoodie', gilet: 'vest', waistcoat: 'vest',
  'sport coat': 'blazer', 'sports jacket': 'blazer', 'suit jacket': 'suitjacket', pants: 'trousers', slacks: 'trousers',
  'dress pants': 'trousers', 'suit pants': 'suittrousers', 'suit trousers': 'suittrousers', chino: 'chinos', jean: 'jeans',
  denim: 'jeans', sweatpants: 'joggers', 'track pants': 'joggers', tights: 'leggings', overalls: 'jumpsuit', romper: 'jumpsuit',
  'winter dress': 'winterdress', 'summer dress': 'sundress', 'evening dress': 'eveningdress', gown: 'eveningdress',
  overcoat: 'coat', 'pea coat': 'coat', puffer: 'downjacket', 'puffer jacket': 'downjacket', 'down jacket': 'downjacket',
  'trench coat': 'trench', mac: 'raincoat', 'rain jacket': 'raincoat', anorak: 'windbreaker', 'denim jacket': 'jacket',
  'leather jacket': 'jacket', trainer: 'sneakers', 'tennis shoe': 'sneakers', 'running shoe': 'runningshoes',
  'dress shoe': 'shoes', oxford: 'shoes', brogue: 'shoes', loafer: 'loafers', pump: 'heels', 'high heel': 'heels',
  'ankle boot': 'ankleboots', chelsea: 'ankleboots', 'chelsea boot': 'ankleboots', 'rain boot': 'rainboots',
  welly: 'rainboots', wellie: 'rainboots', wellington: 'rainboots', 'flip flop': 'sandals', sandal: 'sandals', mitten: 'gloves',
  glove: 'gloves', toque: 'beanie', 'baseball cap': 'cap', 'sun hat': 'hat', shades: 'sunglasses', necktie: 'tie', handbag: 'bag',
  backpack: 'bag', tote: 'bag',
  // Français
  teeshirt: 'tshirt', 'tee-shirt': 'tshirt', débardeur: 'tank', chemise: 'shirt',
  chemisier: 'blouse', 'haut manches longues': 'longsleeve', marinière: 'longsleeve', 'chemise à carreaux': 'flannel',
  'chemise de bûcheron': 'flannel', 'haut de sport': 'sportstop', brassière: 'sportstop', 'sous-pull': 'thermal',
  pull: 'sweater', 'pull-over': 'sweater', tricot: 'sweater', 'col roulé': 'sweater', sweat: 'hoodie',
  'sweat à capuche': 'hoodie', polaire: 'fleece', 'gilet sans manches': 'vest', 'gilet de costume': 'vest',
  'veste de costume': 'suitjacket', 'veste de tailleur': 'suitjacket', pantalon: 'trousers', 'pantalon de costume': 'suittrousers',
  short: 'shorts', bermuda: 'shorts', jupe: 'skirt', legging: 'leggings', collant: 'leggings', jogging: 'joggers',
  'pantalon de jogging': 'joggers', robe: 'dress', "robe d'hiver": 'winterdress', "robe d'été": 'sundress',
  'robe de soirée': 'eveningdress', combinaison: 'jumpsuit', salopette: 'jumpsuit', manteau: 'coat', caban: 'coat',
  pardessus: 'coat', doudoune: 'downjacket', imperméable: 'raincoat', imper: 'raincoat', ciré: 'raincoat',
  veste: 'jacket', blouson: 'jacket', 'veste en jean': 'jacket', 'coupe-vent': 'windbreaker', basket: 'sneakers',
  tennis: 'sneakers', 'chaussure de course': 'runningshoes', 'chaussure de running': 'runningshoes', chaussure: 'shoes',
  'chaussure de ville': 'shoes', richelieu: 'shoes', derby: 'shoes', mocassin: 'loafers', escarpin: 'heels', talon: 'heels',
  botte: 'boots', bottine: 'ankleboots', 'botte de pluie': 'rainboots', 'bottes de pluie': 'rainboots', sandale: 'sandals',
  tong: 'sandals', parapluie: 'umbrella', écharpe: 'scarf', foulard: 'scarf', 'cache-col': 'scarf', gant: 'gloves',
  moufle: 'gloves', chapeau: 'hat', bonnet: 'beanie', casquette: 'cap', 'lunettes de soleil': 'sunglasses', cravate: 'tie',
  ceinture: 'belt', sac: 'bag', 'sac à main': 'bag', 'sac à dos': 'bag',
};

/** The lookup key of a kind as written: lower case, no accents, no spaces, hyphens, underscores or apostrophes. */
export function kindKey(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_'’.-]+/g, '');
}

const BY_KEY: ReadonlyMap<string, KnownKind> = new Map<string, KnownKind>([
  ...KNOWN_KINDS.map((k) => [k, k] as const),
  ...Object.entries(ALIASES).map(([alias, kind]) => [kindKey(alias), kind] as const),
]);

/**
 * The table's name for a kind as a person writes it (`Running Shoes`, `tank_top`, `dress-shoes`,
 * `Écharpe`, `manteaux`), or null when nobody knows it. Plurals are tried after the exact key:
 * English `-s`/`-es`, French `-s`/`-x`, and the singular of a kind the table names in the plural.
 */
export function canonicalKind(raw: string): KnownKind | null {
  const key = kindKey(raw);
  if (!key) return null;
  const tries = [key, `${key}s`];
  if (key.endsWith('es')) tries.push(key.slice(0, -2));
  if (key.endsWith('s') || key.endsWith('x')) tries.push(key.slice(0, -1));
  for (const k of tries) {
    const found = BY_KEY.get(k);
    if (found) return found;
  }
  return null;
}

/** The kind as stored: the table's name when known, else its lookup key (`Kimono` → `kimono`). */
export function storedKind(raw: string): string {
  return canonicalKind(raw) ?? kindKey(raw);
}

/**
 * What a kind is when filed under `category`: the table's entry when the category agrees or is one
 * the kind is plausibly worn as (then adapted: a blazer under outerwear is an outer layer), the
 * category's defaults for a kind nobody knows, and null for a known kind under an implausible
 * category or an unknown kind without one.
 */
export function kindInfo(kind: string, category?: Category): KindInfo | null {
  const canonical = canonicalKind(kind);
  const known: KindInfo | null = canonical ? KINDS[canonical] : null;
  if (!known) return category ? CATEGORY_DEFAULTS[category] : null;
  if (!category || category === known.category) return known;
  if (!known.alsoAs?.includes(category)) return null;
  const { layer, ...rest } = known;
  return { ...rest, category, ...(category === 'top' ? { layer: layer ?? 'mid' } : {}) };
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
