import { translator, type Language } from '@server/plugins/i18n';
import type { IntentDefinition, SlotDefinition } from './definition';

/**
 * Texts the platform models carry themselves (slot prompts, confirmation prompts, store
 * listings), taken from the same locale files as the replies so both stay in one place.
 */
export function elicitPrompt(language: Language, slot: SlotDefinition): string {
  return translator(language)(`skills.model.elicit.${slot.name}`);
}

export function confirmPrompt(language: Language, intent: IntentDefinition): string {
  return translator(language)(`skills.model.confirm.${intent.name}`);
}

export function listingText(language: Language, key: 'name' | 'summary' | 'description' | 'invocation'): string {
  return translator(language)(`skills.manifest.${key}`);
}

export function examplePhrases(language: Language): string[] {
  const t = translator(language);
  return [0, 1, 2].map((i) => t(`skills.manifest.examples.${i}`));
}
