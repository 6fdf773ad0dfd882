import enMirror from '@locales/en/mirror.json';
import enOrders from '@locales/en/orders.json';
import enOutfits from '@locales/en/outfits.json';
import enSupplies from '@locales/en/supplies.json';
import frMirror from '@locales/fr/mirror.json';
import frOrders from '@locales/fr/orders.json';
import frOutfits from '@locales/fr/outfits.json';
import frSupplies from '@locales/fr/supplies.json';

/**
 * A small i18n layer for the mirror page and the household app (one implementation; each brings
 * its own namespaces), fed by the same `locales/<lng>/<ns>.json` files as the server (bundled at
 * build time). Keys read `<ns>.<path>`; `{{name}}` interpolates; a numeric `count` picks
 * `<key>_one` / `<key>_other` by the language's plural rules, as i18next does; a key missing in
 * the language falls back to English. The mirror carries the server's namespaces because
 * `notification` events carry server keys (`supplies.…`).
 */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Params = Record<string, string | number>;
export type Tree = { [key: string]: unknown };
export type Resources = Record<Language, Tree>;

export function languageOf(locale: string | null | undefined): Language {
  return (locale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function lookup(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Tree)[part];
  }
  return node;
}

/** Lookup, plurals and interpolation over a given set of namespaces. */
export class Translator {
  private readonly plurals: Intl.PluralRules;

  constructor(
    readonly language: Language,
    /** The BCP 47 locale whose plural rules apply. */
    pluralLocale: string,
    private readonly resources: Resources,
  ) {
    this.plurals = new Intl.PluralRules(pluralLocale);
  }

  has(key: string): boolean {
    return typeof this.resolve(key) === 'string';
  }

  t(key: string, params: Params = {}): string {
    let template: unknown;
    if (typeof params.count === 'number') template = this.resolve(`${key}_${this.plurals.select(params.count)}`) ?? this.resolve(`${key}_other`);
    template ??= this.resolve(key);
    // Server phrasings may be arrays (varied speech); a screen shows the first.
    if (Array.isArray(template)) template = template[0];
    if (typeof template !== 'string') return key;
    return this.typeset(template).replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : ''));
  }

  /** The template as the page shows it, before the values go in (the app's French typography). */
  protected typeset(template: string): string {
    return template;
  }

  private resolve(key: string): unknown {
    const own = lookup(this.resources[this.language], key);
    return own !== undefined ? own : lookup(this.resources.en, key);
  }
}

const MIRROR_RESOURCES: Resources = {
  en: { mirror: enMirror, orders: enOrders, outfits: enOutfits, supplies: enSupplies },
  fr: { mirror: frMirror, orders: frOrders, outfits: frOutfits, supplies: frSupplies },
};

/** The mirror's strings, in the language of a locale (the household's, or the browser's before it loads). */
export class I18n extends Translator {
  constructor(locale: string) {
    super(languageOf(locale), locale, MIRROR_RESOURCES);
  }
}
