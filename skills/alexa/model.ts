import { languageOf } from '@server/plugins/i18n';
import { INTENTS, SLOT_TYPES, SlotType, type IntentDefinition, type SlotTypeName } from '@skills/core/definition';
import { ALEXA_LOCALES, type AlexaLocale } from '@skills/core/locales';
import type { Json } from '@skills/core/json';
import { confirmPrompt, elicitPrompt, examplePhrases, listingText } from '@skills/core/model-text';
import { PUBLISHED_EVENTS } from './proactive-events';

/** Generates the ask-cli skill package from the core definition (checked by test/skills/models.test.ts). */

const alexaSlotType = (type: SlotTypeName): string => (type === SlotType.Number ? 'AMAZON.NUMBER' : type);

function alexaIntentNames(intent: IntentDefinition): string[] {
  return intent.alexaBuiltIn ?? [intent.name];
}

const elicitId = (intent: string, slot: string): string => `Elicit.Slot.${intent}.${slot}`;
const confirmId = (intent: string): string => `Confirm.Intent.${intent}`;

export function interactionModel(locale: AlexaLocale): Json {
  const lng = languageOf(locale);
  const intents: Json[] = [];
  for (const intent of INTENTS) {
    alexaIntentNames(intent).forEach((name, i) => {
      const entry: { [key: string]: Json } = { name };
      if (intent.slots.length > 0) entry.slots = intent.slots.map((s) => ({ name: s.name, type: alexaSlotType(s.type) }));
      // Built-ins understand their own phrasings; ours are added to the first only.
      entry.samples = i === 0 ? intent.utterances[lng] : [];
      intents.push(entry);
    });
  }
  const types: Json[] = SLOT_TYPES.map((type) => ({
    name: type.name,
    values: type.values.map((value) => {
      const [canonical, ...synonyms] = value.synonyms[lng];
      return { id: value.id, name: { value: canonical, synonyms } };
    }),
  }));
  const dialogIntents: Json[] = [];
  const prompts: Json[] = [];
  for (const intent of INTENTS) {
    const required = intent.slots.filter((s) => s.required);
    if (!intent.confirm && required.length === 0) continue;
    const entry: { [key: string]: Json } = {
      name: intent.name,
      delegationStrategy: 'SKILL_RESPONSE',
      confirmationRequired: intent.confirm === true,
      prompts: intent.confirm ? { confirmation: confirmId(intent.name) } : {},
      slots: intent.slots.map((s): Json => ({
        name: s.name,
        type: alexaSlotType(s.type),
        confirmationRequired: false,
        elicitationRequired: s.required === true,
        prompts: s.required ? { elicitation: elicitId(intent.name, s.name) } : {},
      })),
    };
    dialogIntents.push(entry);
    for (const s of required) {
      prompts.push({ id: elicitId(intent.name, s.name), variations: [{ type: 'PlainText', value: elicitPrompt(lng, s) }] });
    }
    if (intent.confirm) prompts.push({ id: confirmId(intent.name), variations: [{ type: 'PlainText', value: confirmPrompt(lng, intent) }] });
  }
  return {
    interactionModel: {
      languageModel: { invocationName: listingText(lng, 'invocation'), intents, types },
      dialog: { intents: dialogIntents, delegationStrategy: 'SKILL_RESPONSE' },
      prompts,
    },
  };
}

export function skillManifest(): Json {
  const locales: { [key: string]: Json } = {};
  const privacy: { [key: string]: Json } = {};
  for (const locale of ALEXA_LOCALES) {
    const lng = languageOf(locale);
    locales[locale] = {
      name: listingText(lng, 'name'),
      summary: listingText(lng, 'summary'),
      description: listingText(lng, 'description'),
      examplePhrases: examplePhrases(lng),
      keywords: [],
    };
    privacy[locale] = { privacyPolicyUrl: '', termsOfUseUrl: '' };
  }
  return {
    manifest: {
      manifestVersion: '1.0',
      publishingInformation: {
        locales,
        isAvailableWorldwide: false,
        distributionCountries: ['FR', 'BE', 'CA', 'US', 'GB', 'AU', 'IN'],
        category: 'ORGANIZERS_AND_ASSISTANTS',
        testingInstructions: 'Link the skill with the six-digit code the Miroir mirror shows (Settings, Link a voice assistant).',
      },
      apis: {
        custom: {
          // ask-cli deploys override this with the household's own public HTTPS address.
          endpoint: { uri: 'https://miroir.example.invalid/alexa', sslCertificateType: 'Trusted' },
          interfaces: [{ type: 'ALEXA_PRESENTATION_APL', supportedViewports: [{ mode: 'HUB', shape: 'RECTANGLE', minWidth: 960, maxWidth: 1920, minHeight: 480, maxHeight: 1280 }] }],
        },
      },
      // Notifications: what Miroir may publish, and the skill events telling who allowed them.
      permissions: [{ name: 'alexa::devices:all:notifications:write' }],
      events: {
        endpoint: { uri: 'https://miroir.example.invalid/alexa' },
        publications: PUBLISHED_EVENTS.map((eventName) => ({ eventName })),
        subscriptions: [{ eventName: 'SKILL_PROACTIVE_SUBSCRIPTION_CHANGED' }, { eventName: 'SKILL_DISABLED' }],
      },
      privacyAndCompliance: {
        allowsPurchases: true,
        usesPersonalInfo: false,
        isChildDirected: false,
        isExportCompliant: true,
        containsAds: false,
        locales: privacy,
      },
    },
  };
}

/** Every file of `skills/alexa/skill-package/`, path → text, as the generator writes it. */
export function skillPackageFiles(): Record<string, string> {
  const files: Record<string, string> = { 'skill.json': `${JSON.stringify(skillManifest(), null, 2)}\n` };
  for (const locale of ALEXA_LOCALES) {
    files[`interactionModels/custom/${locale}.json`] = `${JSON.stringify(interactionModel(locale), null, 2)}\n`;
  }
  return files;
}
