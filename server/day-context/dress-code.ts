import { DRESS_TAGS, KEYWORDS } from './keywords';
import { ACTIVITIES, DRESS_CODES, type Activity, type DressCode } from './types';

/** Lower case, no accents, apostrophes and punctuation as spaces: "L’Entretien" → "l entretien". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#:[\]-]+/gu, ' ')
    .trim();
}

interface CompiledRule {
  words: string;
  dressCode?: DressCode;
  activities: Activity[];
}

const RULES: CompiledRule[] = Object.values(KEYWORDS)
  .flat()
  .map((r) => ({ words: fold(r.phrase).replace(/[#:[\]-]/g, ' ').replace(/\s+/g, ' '), dressCode: r.dressCode, activities: r.activities ?? [] }));

const TAGS: Map<string, DressCode> = new Map(Object.values(DRESS_TAGS).flatMap((table) => Object.entries(table).map(([k, v]) => [fold(k), v])));

const FORMALITY: Record<DressCode, number> = { sport: 0, casual: 1, smart: 2, formal: 3 };

/** The stricter of two codes, where sport only wins over nothing (the gym bag goes in `activities`). */
export function stricter(a: DressCode | null, b: DressCode | null): DressCode | null {
  if (!a) return b;
  if (!b) return a;
  if (a === 'sport') return b;
  if (b === 'sport') return a;
  return FORMALITY[a] >= FORMALITY[b] ? a : b;
}

function wordsOf(text: string): string {
  return ` ${fold(text).replace(/[#:[\]-]/g, ' ').replace(/\s+/g, ' ')} `;
}

/** An explicit tag in the categories or the description, if any (the last one written wins). */
function explicitTag(categories: string[], description: string | null): DressCode | null {
  let found: DressCode | null = null;
  for (const c of categories) {
    const folded = fold(c).replace(/^(dress|tenue)\s*:\s*/, '');
    const code = TAGS.get(folded);
    if (code) found = code;
  }
  if (description) {
    const folded = fold(description);
    for (const m of folded.matchAll(/(?:^|\s)#([\p{L}-]+)|\[(?:dress|tenue)\s*:\s*([\p{L}-]+)\]/gu)) {
      const code = TAGS.get(m[1] ?? m[2]);
      if (code) found = code;
    }
  }
  return found;
}

export interface Classified {
  dressCode: DressCode | null;
  activities: Activity[];
}

/**
 * An event's dress code and activities: an explicit tag first, else keywords in its title,
 * location and categories (not its description: invitations paste long boilerplate there).
 */
export function classifyEvent(event: { title: string; location: string | null; categories?: string[]; description?: string | null }): Classified {
  const haystack = wordsOf([event.title, event.location ?? '', ...(event.categories ?? [])].join(' | '));
  let dressCode: DressCode | null = null;
  const activities = new Set<Activity>();
  for (const rule of RULES) {
    if (!haystack.includes(` ${rule.words} `) && !haystack.includes(` ${rule.words}s `)) continue;
    dressCode = stricter(dressCode, rule.dressCode ?? null);
    for (const a of rule.activities) activities.add(a);
  }
  const tagged = explicitTag(event.categories ?? [], event.description ?? null);
  return { dressCode: tagged ?? dressCode, activities: ACTIVITIES.filter((a) => activities.has(a)) };
}

/** The day's code: the strictest event's, sport only when every coded event is sport, casual by default. */
export function dayDressCode(codes: Array<DressCode | null>): DressCode {
  let day: DressCode | null = null;
  for (const c of codes) day = stricter(day, c);
  return day && DRESS_CODES.includes(day) ? day : 'casual';
}
