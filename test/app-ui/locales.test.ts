import fs from 'node:fs';
import path from 'node:path';
import { COLOR_NAMES } from '@app/core/colors';
import { SCREENS, UNDER_MORE } from '@app/shell/routes';
import { loadLocaleResources, SUPPORTED_LANGUAGES, type LocaleTree } from '@server/plugins/i18n';
import { CATEGORIES, FORMALITIES, KNOWN_KINDS } from '@server/wardrobe/kinds';
import { FEEDBACK_RATINGS } from '@models/personalisation';

/**
 * The app's strings exist in English and French: every `'app.…'` key written in the app's sources,
 * and every key the app builds from a list (screens, kinds, categories, colours, ratings, modes).
 * (test/i18n/locales.test.ts checks parity between the languages and the `t('…')` calls.)
 */
const root = path.resolve(__dirname, '../..');
const resources = loadLocaleResources(path.join(root, 'locales'));

function has(tree: LocaleTree, key: string): boolean {
  let node: LocaleTree | string | string[] | undefined = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string' || Array.isArray(node)) return false;
    node = node[part];
  }
  return typeof node === 'string';
}
const present = (tree: LocaleTree, key: string) => has(tree, key) || has(tree, `${key}_other`);

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('the household app’s strings', () => {
  it('exist in every language for every key written in the sources', () => {
    const keys = new Set<string>();
    for (const file of sources(path.join(root, 'app'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(app\.[a-zA-Z0-9_.]+[a-zA-Z0-9_])'/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(100);
    for (const lng of SUPPORTED_LANGUAGES) {
      const missing = [...keys].filter((k) => !present(resources[lng], k)).sort();
      expect({ lng, missing }).toEqual({ lng, missing: [] });
    }
  });

  it('exist in every language for every key built from a list', () => {
    const built = [
      ...SCREENS.map((s) => `app.nav.${s}`),
      ...KNOWN_KINDS.map((k) => `app.kinds.${k}`),
      ...CATEGORIES.map((c) => `app.categories.${c}`),
      ...FORMALITIES.map((f) => `app.formalities.${f}`),
      ...COLOR_NAMES.map((c) => `app.colors.${c}`),
      ...FEEDBACK_RATINGS.map((r) => `app.today.ratings.${r}`),
      ...UNDER_MORE.map((s) => `app.more.${s}`),
      ...(['notify', 'ask', 'auto'] as const).flatMap((m) => [`app.supplies.modes.${m}`, `app.supplies.modesExplained.${m}`, `app.supplies.policySummary.${m}`]),
      ...SUPPORTED_LANGUAGES.map((l) => `app.languages.${l}`),
      ...['fr_FR', 'en_US', 'en_GB', 'fr_CA', 'en_CA'].map((l) => `app.people.locales.${l}`),
    ];
    for (const lng of SUPPORTED_LANGUAGES) {
      const missing = built.filter((k) => !present(resources[lng], k));
      expect({ lng, missing }).toEqual({ lng, missing: [] });
    }
  });
});
