import { languageOf, type Language } from '@server/plugins/i18n';
import { spokenNumber } from './format';
import { CONFIRMATION_WORDS, INTENTS, SlotType, slotTypeDefinition, type IntentName, type SlotName, type SlotTypeName } from './definition';
import type { SlotInput } from './types';

/**
 * Routes a typed utterance through the same utterances and slot values the platforms are given,
 * so `miroir say` tries the interaction model without a device. Text is compared lowercased,
 * without punctuation and accents, as a speech recogniser would hand it over.
 */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/[’'`,.!?;:"«»()-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface MatchResult {
  intent: IntentName;
  slots: Partial<Record<SlotName, SlotInput>>;
}

type Part = { words: string[] } | { slot: SlotName; type: SlotTypeName };

interface CompiledUtterance {
  intent: IntentName;
  parts: Part[];
  slotCount: number;
  literalLength: number;
}

const compiled = new Map<Language, CompiledUtterance[]>();

function compile(language: Language): CompiledUtterance[] {
  const cached = compiled.get(language);
  if (cached) return cached;
  const out: CompiledUtterance[] = [];
  for (const intent of INTENTS) {
    for (const utterance of intent.utterances[language]) {
      const parts: Part[] = [];
      let literalLength = 0;
      for (const piece of utterance.split(/(\{[a-z]+\})/)) {
        const slot = /^\{([a-z]+)\}$/.exec(piece);
        if (slot) {
          const def = intent.slots.find((s) => s.name === slot[1]);
          if (!def) throw new Error(`utterance "${utterance}" names an undeclared slot`);
          parts.push({ slot: def.name, type: def.type });
        } else {
          const words = normalize(piece).split(' ').filter(Boolean);
          literalLength += words.join(' ').length;
          if (words.length > 0) parts.push({ words });
        }
      }
      out.push({ intent: intent.name, parts, slotCount: parts.filter((p) => 'slot' in p).length, literalLength });
    }
  }
  // Most specific first: the most literal words, then the most slots ("order {quantity} {supply}"
  // before "order {supply}", which would swallow the number into the supply name).
  out.sort((a, b) => b.literalLength - a.literalLength || b.slotCount - a.slotCount);
  compiled.set(language, out);
  return out;
}

/** Words as said (for slot values) and as compared (normalized), aligned one to one. */
function tokens(text: string): { said: string[]; norm: string[] } {
  const said = text.split(/[\s’'`,.!?;:"«»()-]+/).filter((w) => normalize(w).length > 0);
  return { said, norm: said.map(normalize) };
}

/**
 * Every way of giving words to the slots is tried, so "for the wedding saturday" finds
 * occasion = "the wedding", day = "saturday" even though "the" alone could start a slot.
 */
function matchParts(parts: Part[], at: number, words: { said: string[]; norm: string[] }, language: Language): [SlotName, SlotInput][] | null {
  if (parts.length === 0) return at === words.norm.length ? [] : null;
  const [part, ...rest] = parts;
  if ('words' in part) {
    const fits = part.words.every((w, i) => words.norm[at + i] === w);
    return fits ? matchParts(rest, at + part.words.length, words, language) : null;
  }
  for (let end = at + 1; end <= words.norm.length; end++) {
    const raw = words.said.slice(at, end).join(' ');
    const id = resolveSlotValue(part.type, raw, language);
    // Closed types (day, occasion, rating) and numbers must resolve, as they would on a device.
    if (id === null && part.type !== SlotType.Supply) continue;
    const tail = matchParts(rest, end, words, language);
    if (tail) return [[part.slot, { raw: part.type === SlotType.Number && id !== null ? id : raw, id }], ...tail];
  }
  return null;
}

/** The value id of a slot type whose synonym was said, or null (free values pass through raw). */
export function resolveSlotValue(type: SlotTypeName, raw: string, language: Language): string | null {
  if (type === SlotType.Number) return spokenNumber(raw.replace(/\s+/g, ''));
  const def = slotTypeDefinition(type);
  const said = normalize(raw);
  for (const value of def?.values ?? []) {
    if (value.synonyms[language].some((s) => normalize(s) === said)) return value.id;
  }
  return null;
}

export function matchUtterance(text: string, locale: string): MatchResult | null {
  const language = languageOf(locale);
  const words = tokens(text);
  for (const candidate of compile(language)) {
    const found = matchParts(candidate.parts, 0, words, language);
    if (found) return { intent: candidate.intent, slots: Object.fromEntries(found) };
  }
  return null;
}

export function matchConfirmation(text: string, locale: string): 'confirmed' | 'denied' | null {
  const words = CONFIRMATION_WORDS[languageOf(locale)];
  const said = normalize(text);
  if (words.yes.some((w) => normalize(w) === said)) return 'confirmed';
  if (words.no.some((w) => normalize(w) === said)) return 'denied';
  return null;
}
