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

interface CompiledUtterance {
  intent: IntentName;
  regex: RegExp;
  slotNames: SlotName[];
  slotTypes: SlotTypeName[];
  literalLength: number;
}

const compiled = new Map<Language, CompiledUtterance[]>();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(language: Language): CompiledUtterance[] {
  const cached = compiled.get(language);
  if (cached) return cached;
  const out: CompiledUtterance[] = [];
  for (const intent of INTENTS) {
    for (const utterance of intent.utterances[language]) {
      const slotNames: SlotName[] = [];
      const slotTypes: SlotTypeName[] = [];
      const pieces: string[] = [];
      let literal = '';
      for (const part of utterance.split(/(\{[a-z]+\})/)) {
        const slot = /^\{([a-z]+)\}$/.exec(part);
        if (slot) {
          const def = intent.slots.find((s) => s.name === slot[1]);
          if (!def) throw new Error(`utterance "${utterance}" names an undeclared slot`);
          slotNames.push(def.name);
          slotTypes.push(def.type);
          pieces.push('(.+?)');
        } else {
          const words = normalize(part);
          literal += words;
          if (words) pieces.push(escapeRegex(words));
        }
      }
      out.push({ intent: intent.name, regex: new RegExp(`^${pieces.join(' ')}$`), slotNames, slotTypes, literalLength: literal.length });
    }
  }
  // Most specific first: the most literal words, then the most slots ("order {quantity} {supply}"
  // before "order {supply}", which would swallow the number into the supply name).
  out.sort((a, b) => b.literalLength - a.literalLength || b.slotNames.length - a.slotNames.length);
  compiled.set(language, out);
  return out;
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
  const said = normalize(text);
  for (const candidate of compile(language)) {
    const m = candidate.regex.exec(said);
    if (!m) continue;
    const slots: Partial<Record<SlotName, SlotInput>> = {};
    let acceptable = true;
    candidate.slotNames.forEach((name, i) => {
      const raw = m[i + 1].trim();
      const id = resolveSlotValue(candidate.slotTypes[i], raw, language);
      // Closed types (day, occasion, rating) and numbers must resolve, as they would on a device.
      if (id === null && candidate.slotTypes[i] !== SlotType.Supply) acceptable = false;
      slots[name] = { raw: candidate.slotTypes[i] === SlotType.Number && id !== null ? id : raw, id };
    });
    if (acceptable) return { intent: candidate.intent, slots };
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
