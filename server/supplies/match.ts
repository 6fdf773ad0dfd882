/**
 * Finds the supply a person named aloud ("lait", "the milk", "black ink", "encre noire"). Names
 * are compared as word sets after folding case and accents; a small bilingual lexicon maps the
 * everyday words of both languages to one concept, so an English speaker finds "Lait demi-écrémé"
 * and a French speaker finds "Black ink"; a bounded edit distance absorbs speech-to-text slips.
 */
const LEXICON: string[][] = [
  ['milk', 'lait'],
  ['egg', 'eggs', 'oeuf', 'oeufs'],
  ['butter', 'beurre'],
  ['ink', 'encre', 'cartridge', 'cartouche'],
  ['black', 'noir', 'noire'],
  ['colour', 'color', 'colours', 'colors', 'couleur', 'couleurs', 'tricolour', 'tricolor'],
  ['water', 'eau'],
  ['filter', 'filtre'],
  ['coffee', 'cafe'],
  ['bread', 'pain'],
  ['cheese', 'fromage'],
  ['yoghurt', 'yogurt', 'yaourt', 'yaourts'],
  ['juice', 'jus'],
  ['detergent', 'lessive'],
  ['soap', 'savon'],
  ['paper', 'papier'],
  ['toilet', 'toilette', 'hygienique'],
  ['dishwasher', 'lave', 'vaisselle'],
  ['tablets', 'pastilles', 'tablettes'],
  ['pods', 'capsules', 'dosettes'],
];

const STOP_WORDS = new Set([
  'the', 'a', 'an', 'some', 'my', 'of', 'more', 'le', 'la', 'les', 'l', 'du', 'de', 'des', 'd', 'un', 'une', 'mon', 'ma', 'mes', 'en', 'pour', 'for',
]);

const CONCEPT = new Map<string, string>();
for (const group of LEXICON) for (const word of group) CONCEPT.set(word, group[0]);

export function fold(text: string): string {
  // Ligatures do not decompose: "Œufs" must fold to "oeufs" by hand.
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w))
    .map((w) => CONCEPT.get(w) ?? CONCEPT.get(w.replace(/s$/, '')) ?? w.replace(/s$/, ''));
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function wordMatch(spoken: string, name: string): number {
  if (spoken === name) return 1;
  const longest = Math.max(spoken.length, name.length);
  if (longest < 4) return 0;
  const d = editDistance(spoken, name);
  return d <= Math.floor(longest / 4) ? 1 - d / longest : 0;
}

/**
 * Score in [0, 1]: how much of what was said is found in the name, and how much of the name was
 * said (so "ink" prefers "Ink" to "Black ink" and "black ink" prefers "Black ink" to "Colour ink").
 */
export function matchScore(spoken: string, name: string): number {
  const said = tokens(spoken);
  const named = tokens(name);
  if (said.length === 0 || named.length === 0) return 0;
  const found = said.map((w) => Math.max(...named.map((n) => wordMatch(w, n))));
  const recall = found.reduce((s, v) => s + v, 0) / said.length;
  const covered = named.filter((n) => said.some((w) => wordMatch(w, n) > 0)).length / named.length;
  if (recall === 0) return 0;
  return 0.7 * recall + 0.3 * covered;
}

/** The best candidate above the threshold, or null (never a wild guess). */
export function bestMatch<T>(spoken: string, candidates: T[], nameOf: (c: T) => string[], threshold = 0.5): T | null {
  let best: T | null = null;
  let bestScore = threshold;
  for (const c of candidates) {
    const score = Math.max(...nameOf(c).map((n) => matchScore(spoken, n)));
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
