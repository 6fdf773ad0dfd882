import fs from 'node:fs';
import path from 'node:path';
import { loadLocaleResources, type LocaleTree } from '@server/plugins/i18n';
import { skillPackageFiles } from '@skills/alexa/model';
import { HANDLERS } from '@skills/core/conversation';
import { INTENTS, LAUNCH, SLOT_TYPES, SlotType } from '@skills/core/definition';
import { ALEXA_LOCALES } from '@skills/core/locales';
import { matchUtterance, normalize } from '@skills/core/matcher';
import { agentFiles, dialogflowIntentName } from '@skills/google/agent';

/**
 * The platform models are generated from skills/core/definition.ts and committed. This test
 * fails when they drift; `UPDATE_SKILL_MODELS=1 npx jest test/skills/models` rewrites them.
 */
const ROOT = path.resolve(__dirname, '../..');
const PACKAGE_DIR = path.join(ROOT, 'skills/alexa/skill-package');
const AGENT_DIR = path.join(ROOT, 'skills/google/agent');

function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

function writeAll(dir: string, files: Record<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

if (process.env.UPDATE_SKILL_MODELS === '1') {
  writeAll(PACKAGE_DIR, skillPackageFiles());
  writeAll(AGENT_DIR, agentFiles());
}

interface AlexaModel {
  interactionModel: {
    languageModel: { intents: { name: string; samples: string[]; slots?: { name: string; type: string }[] }[]; types: { name: string; values: { id: string; name: { value: string; synonyms: string[] } }[] }[] };
    dialog: { intents: { name: string; confirmationRequired: boolean; slots: { name: string; elicitationRequired: boolean }[] }[] };
    prompts: { id: string; variations: { value: string }[] }[];
  };
}

const alexaModel = (locale: string): AlexaModel => JSON.parse(skillPackageFiles()[`interactionModels/custom/${locale}.json`]) as AlexaModel;

describe('generated platform models', () => {
  it('the committed Alexa skill package is exactly what the definition generates', () => {
    const expected = skillPackageFiles();
    expect(listFiles(PACKAGE_DIR).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) expect(fs.readFileSync(path.join(PACKAGE_DIR, name), 'utf8')).toBe(text);
  });

  it('the committed Dialogflow agent is exactly what the definition generates', () => {
    const expected = agentFiles();
    expect(listFiles(AGENT_DIR).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) expect(fs.readFileSync(path.join(AGENT_DIR, name), 'utf8')).toBe(text);
  });

  it('every intent is handled, and every handled intent is declared', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([LAUNCH, ...INTENTS.map((i) => i.name)].sort());
    for (const locale of ALEXA_LOCALES) {
      const declared = alexaModel(locale).interactionModel.languageModel.intents.map((i) => i.name).sort();
      const handled = INTENTS.flatMap((i) => i.alexaBuiltIn ?? [i.name]).sort();
      expect(declared).toEqual(handled);
      expect(declared).toEqual(expect.arrayContaining(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.HelpIntent', 'AMAZON.FallbackIntent', 'AMAZON.NavigateHomeIntent']));
    }
    const agentIntents = Object.keys(agentFiles()).filter((f) => /^intents\/[^_]+\.json$|^intents\/actions_intent_\w+\.json$/.test(f));
    for (const intent of INTENTS) expect(agentIntents).toContain(`intents/${dialogflowIntentName(intent.name)}.json`);
  });

  it('utterances are unique across the model, per language', () => {
    for (const lng of ['en', 'fr'] as const) {
      const all = INTENTS.flatMap((i) => i.utterances[lng].map((u) => normalize(u)));
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('every slot value has synonyms in French and English, and every utterance names only declared slots', () => {
    for (const type of SLOT_TYPES) {
      for (const value of type.values) {
        expect(value.synonyms.en.length).toBeGreaterThan(0);
        expect(value.synonyms.fr.length).toBeGreaterThan(0);
      }
      // One spoken form resolves to one value, or entity resolution would be a coin toss.
      for (const lng of ['en', 'fr'] as const) {
        const said = type.values.flatMap((v) => v.synonyms[lng].map(normalize));
        expect({ type: type.name, lng, duplicates: said.filter((w, i) => said.indexOf(w) !== i) }).toEqual({ type: type.name, lng, duplicates: [] });
      }
    }
    for (const intent of INTENTS) {
      for (const lng of ['en', 'fr'] as const) {
        for (const u of intent.utterances[lng]) {
          for (const [, slot] of u.matchAll(/\{([a-z]+)\}/g)) expect(intent.slots.map((s) => s.name)).toContain(slot);
        }
      }
      // A slot nobody can say is a slot the platforms cannot fill.
      for (const slot of intent.slots) expect(intent.utterances.en.some((u) => u.includes(`{${slot.name}}`))).toBe(true);
    }
  });

  it('the reorder, approvals and cancel are declared for intent confirmation, missing slots are elicited', () => {
    const dialog = alexaModel('fr-FR').interactionModel.dialog.intents;
    for (const name of ['ReorderSupply', 'ApproveProposals', 'CancelLastOrder']) expect(dialog.find((d) => d.name === name)?.confirmationRequired).toBe(true);
    expect(dialog.find((d) => d.name === 'ReorderSupply')?.slots.find((s) => s.name === 'supply')?.elicitationRequired).toBe(true);
    const prompts = alexaModel('fr-FR').interactionModel.prompts;
    expect(prompts.find((p) => p.id === 'Confirm.Intent.ReorderSupply')?.variations[0].value).toBe('Je commande {quantity} {supply} ?');
  });

  it('the Alexa models and the Dialogflow agent come from the same definition', () => {
    const agent = agentFiles();
    for (const locale of ['en-US', 'fr-CA'] as const) {
      const lng = locale.slice(0, 2) as 'en' | 'fr';
      const model = alexaModel(locale).interactionModel.languageModel;
      for (const intent of INTENTS) {
        const alexaSamples = model.intents.find((i) => i.name === (intent.alexaBuiltIn?.[0] ?? intent.name))?.samples ?? [];
        const file = agent[`intents/${dialogflowIntentName(intent.name)}_usersays_${lng}.json`];
        // Each training phrase, with its annotated values put back as {slot}, is an Alexa sample.
        const phrases = file ? (JSON.parse(file) as { data: { text: string; alias?: string }[] }[]).map((p) => p.data.map((d) => (d.alias ? `{${d.alias}}` : d.text)).join('')) : [];
        expect(phrases).toEqual(alexaSamples);
      }
      for (const type of model.types) {
        const entries = JSON.parse(agent[`entities/${type.name}_entries_${lng}.json`]) as { value: string; synonyms: string[] }[];
        expect(entries).toEqual(type.values.map((v) => ({ value: v.id, synonyms: [v.name.value, ...v.name.synonyms] })));
      }
    }
  });

  it('the say matcher routes every sample, with example values, back to its intent', () => {
    for (const lng of ['en', 'fr'] as const) {
      for (const intent of INTENTS) {
        for (const u of intent.utterances[lng]) {
          const text = u.replace(/\{([a-z]+)\}/g, (_m, name: string) => {
            const slot = intent.slots.find((s) => s.name === name)!;
            if (slot.type === SlotType.Number) return '2';
            return SLOT_TYPES.find((t) => t.name === slot.type)!.values[1].synonyms[lng][0];
          });
          expect({ text, intent: matchUtterance(text, lng)?.intent }).toEqual({ text, intent: intent.name });
        }
      }
    }
  });

  it('every skills key the code uses exists in English and French', () => {
    const resources = loadLocaleResources();
    const sources = ['skills/core', 'skills/alexa', 'skills/google', 'server/skills'].flatMap((d) => listFiles(path.join(ROOT, d)).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, d, f)));
    const keys = new Set<string>();
    for (const file of sources) for (const [, key] of fs.readFileSync(file, 'utf8').matchAll(/'(skills\.[a-zA-Z_.]+[a-zA-Z_])'/g)) keys.add(key);
    expect(keys.size).toBeGreaterThan(40);
    // Keys built from values: every value they can take.
    const statuses = ['proposed', 'approved', 'scheduled', 'placed', 'confirmed', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'failed'];
    for (const s of statuses) keys.add(`skills.status.${s}`);
    for (const r of ['like', 'dislike', 'too_warm', 'too_cold']) keys.add(`skills.feedback.${r}`);
    for (const c of ['top', 'bottom', 'onepiece', 'outerwear', 'footwear', 'accessory']) keys.add(`skills.category.${c}`);
    for (const v of SLOT_TYPES.find((t) => t.name === SlotType.Occasion)!.values) keys.add(`skills.occasion.${v.id}`);
    for (const d of ['today', 'tomorrow', 'on']) keys.add(`skills.day.${d}`);
    keys.add('skills.manifest.examples');
    const has = (tree: LocaleTree, key: string): boolean => {
      const parts = key.split('.');
      const last = parts.pop()!;
      let node: LocaleTree | string | string[] | undefined = tree;
      for (const p of parts) node = typeof node === 'object' && !Array.isArray(node) ? node[p] : undefined;
      return typeof node === 'object' && !Array.isArray(node) && (last in node || `${last}_one` in node);
    };
    for (const lng of ['en', 'fr']) {
      const missing = [...keys].filter((k) => !has(resources[lng], k));
      expect({ lng, missing }).toEqual({ lng, missing: [] });
    }
  });
});
