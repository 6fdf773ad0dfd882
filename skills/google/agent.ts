import { createHash } from 'node:crypto';
import { SUPPORTED_LANGUAGES, type Language } from '@server/plugins/i18n';
import { INTENTS, SLOT_TYPES, SlotType, slotTypeDefinition, type IntentDefinition, type SlotDefinition } from '@skills/core/definition';
import { elicitPrompt, listingText } from '@skills/core/model-text';
import type { Json } from '@skills/core/json';

/**
 * Generates the Dialogflow ES agent (the export/import layout) from the core definition: the same
 * intents, utterances (as training phrases) and slot types (as entities) as the Alexa models.
 */
export const WELCOME_INTENT = 'Default Welcome Intent';
export const FALLBACK_INTENT = 'Default Fallback Intent';
export const CONFIRMATION_INTENT = 'actions_intent_CONFIRMATION';
export const PERMISSION_INTENT = 'actions_intent_PERMISSION';

const PRIMARY: Language = 'en';

/** Ids must not change between runs, or every regeneration would be a drift. */
function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const entityRef = (slot: SlotDefinition): string => (slot.type === SlotType.Number ? '@sys.number' : `@${slot.type}`);

function exampleValue(slot: SlotDefinition, language: Language, index: number): string {
  if (slot.type === SlotType.Number) return slot.name === 'code' ? '482913' : String((index % 3) + 2);
  const values = slotTypeDefinition(slot.type)?.values ?? [];
  const value = values[index % values.length];
  return value.synonyms[language][0];
}

function trainingPhrases(intent: IntentDefinition, language: Language): Json[] {
  return intent.utterances[language].map((utterance, index) => {
    const data: Json[] = [];
    for (const part of utterance.split(/(\{[a-z]+\})/)) {
      if (!part) continue;
      const ref = /^\{([a-z]+)\}$/.exec(part);
      const slot = ref ? intent.slots.find((s) => s.name === ref[1]) : undefined;
      if (slot) data.push({ text: exampleValue(slot, language, index), alias: slot.name, meta: entityRef(slot), userDefined: true });
      else data.push({ text: part, userDefined: false });
    }
    return { id: stableId(intent.name, language, String(index)), data, isTemplate: false, count: 0, lang: language, updated: 0 };
  });
}

function intentFile(name: string, options: { events?: string[]; fallback?: boolean; intent?: IntentDefinition }): Json {
  const intent = options.intent;
  const parameters: Json[] = (intent?.slots ?? []).map((slot) => ({
    id: stableId(name, 'param', slot.name),
    name: slot.name,
    required: slot.required === true,
    dataType: entityRef(slot),
    value: `$${slot.name}`,
    defaultValue: '',
    isList: false,
    prompts: slot.required ? SUPPORTED_LANGUAGES.map((lang) => ({ lang, value: elicitPrompt(lang, slot) })) : [],
    promptMessages: [],
    noMatchPromptMessages: [],
    noInputPromptMessages: [],
    outputDialogContexts: [],
  }));
  return {
    id: stableId('intent', name),
    name,
    auto: true,
    contexts: [],
    responses: [
      {
        resetContexts: false,
        action: name,
        affectedContexts: [],
        parameters,
        messages: [],
        defaultResponsePlatforms: {},
        speech: [],
      },
    ],
    priority: 500000,
    webhookUsed: true,
    webhookForSlotFilling: false,
    fallbackIntent: options.fallback === true,
    events: (options.events ?? []).map((e) => ({ name: e })),
    conditionalResponses: [],
    condition: '',
    conditionalFollowupEvents: [],
  };
}

const json = (value: Json): string => `${JSON.stringify(value, null, 2)}\n`;

/** Every file of `skills/google/agent/`, path → text. */
export function agentFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  files['package.json'] = json({ version: '1.0.0' });
  files['agent.json'] = json({
    description: listingText(PRIMARY, 'summary'),
    language: PRIMARY,
    supportedLanguages: SUPPORTED_LANGUAGES.filter((l) => l !== PRIMARY),
    shortDescription: listingText(PRIMARY, 'summary'),
    examples: '',
    linkToDocs: '',
    displayName: listingText(PRIMARY, 'name'),
    disableInteractionLogs: false,
    disableStackdriverLogs: true,
    defaultTimezone: 'Europe/Paris',
    // The fulfillment URL and its basic-auth user are set in the console (skills/README.md).
    webhook: { url: 'https://miroir.example.invalid/google', username: '', headers: {}, available: true, useForDomains: false, cloudFunctionsEnabled: false, cloudFunctionsInitialized: false },
    isPrivate: true,
    mlMinConfidence: 0.3,
    enableOnePlatformResponses: true,
    onePlatformApiVersion: 'v2beta1',
    analyzeQueryTextSentiment: false,
    enabledKnowledgeBaseNames: [],
    knowledgeServiceConfidenceAdjustment: 0,
    dialogBuilderMode: false,
    baseActionPackagesUrl: '',
    enableSpellCorrection: false,
  });
  files[`intents/${WELCOME_INTENT}.json`] = json(intentFile(WELCOME_INTENT, { events: ['WELCOME', 'GOOGLE_ASSISTANT_WELCOME'] }));
  files[`intents/${CONFIRMATION_INTENT}.json`] = json(intentFile(CONFIRMATION_INTENT, { events: ['actions_intent_CONFIRMATION'] }));
  files[`intents/${PERMISSION_INTENT}.json`] = json(intentFile(PERMISSION_INTENT, { events: ['actions_intent_PERMISSION'] }));
  for (const intent of INTENTS) {
    const name = intent.name === 'Fallback' ? FALLBACK_INTENT : intent.name;
    files[`intents/${name}.json`] = json(intentFile(name, { intent, fallback: intent.name === 'Fallback' }));
    for (const lang of SUPPORTED_LANGUAGES) {
      if (intent.utterances[lang].length > 0) files[`intents/${name}_usersays_${lang}.json`] = json(trainingPhrases(intent, lang));
    }
  }
  for (const type of SLOT_TYPES) {
    files[`entities/${type.name}.json`] = json({
      id: stableId('entity', type.name),
      name: type.name,
      isOverridable: true,
      isEnum: false,
      isRegexp: false,
      automatedExpansion: type.name === SlotType.Supply,
      allowFuzzyExtraction: type.name === SlotType.Supply,
    });
    for (const lang of SUPPORTED_LANGUAGES) {
      files[`entities/${type.name}_entries_${lang}.json`] = json(type.values.map((v) => ({ value: v.id, synonyms: v.synonyms[lang] })));
    }
  }
  return files;
}

/** The Dialogflow intent name a core intent is exported under. */
export function dialogflowIntentName(intent: IntentDefinition['name']): string {
  return intent === 'Fallback' ? FALLBACK_INTENT : intent;
}
