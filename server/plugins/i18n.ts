import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';

/**
 * Locales live in `locales/<lng>/<namespace>.json`. Each file becomes a top-level key, so
 * `t('weather.unavailable')` reads `locales/<lng>/weather.json` → `unavailable`. The instance is
 * initialised once; each request or utterance gets a fixed translator (never re-initialised).
 */
export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export type Translator = TFunction;

export function languageOf(locale: string | null | undefined): Language {
  const lng = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(lng) ? (lng as Language) : 'en';
}

export function localesDir(): string {
  // Works from the sources (server/plugins) and from the bundle (dist/…): walk up to package.json.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'locales'))) {
      return path.join(dir, 'locales');
    }
    dir = path.dirname(dir);
  }
  return path.resolve('locales');
}

export type LocaleTree = { [key: string]: string | string[] | LocaleTree };

export function loadLocaleResources(dir = localesDir()): Record<string, LocaleTree> {
  const resources: Record<string, LocaleTree> = {};
  for (const lng of SUPPORTED_LANGUAGES) {
    const tree: LocaleTree = {};
    const lngDir = path.join(dir, lng);
    for (const file of fs.readdirSync(lngDir).filter((f) => f.endsWith('.json')).sort()) {
      tree[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(lngDir, file), 'utf8')) as LocaleTree;
    }
    resources[lng] = tree;
  }
  return resources;
}

let shared: I18n | null = null;

export function getI18n(): I18n {
  if (shared) return shared;
  const instance = i18next.createInstance();
  const resources = loadLocaleResources();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(Object.entries(resources).map(([lng, tree]) => [lng, { translation: tree }])),
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    nonExplicitSupportedLngs: true,
    returnObjects: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  shared = instance;
  return instance;
}

export function translator(locale: string | null | undefined): Translator {
  return getI18n().getFixedT(languageOf(locale));
}

/** Phrasings are arrays for varied speech; pick one deterministically from a seed. */
export function pickPhrasing(t: Translator, key: string, params: Record<string, unknown> = {}, seed = 0): string {
  const value = t(key, { ...params, returnObjects: true }) as unknown;
  if (Array.isArray(value) && value.length > 0) {
    // Each array entry is addressable as `key.N`, so the chosen phrasing is interpolated normally.
    return t(`${key}.${Math.abs(seed) % value.length}`, params);
  }
  return t(key, params);
}
