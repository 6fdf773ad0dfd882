import enMirror from '@locales/en/mirror.json';
import enOrders from '@locales/en/orders.json';
import enOutfits from '@locales/en/outfits.json';
import enSupplies from '@locales/en/supplies.json';
import frMirror from '@locales/fr/mirror.json';
import frOrders from '@locales/fr/orders.json';
import frOutfits from '@locales/fr/outfits.json';
import frSupplies from '@locales/fr/supplies.json';

/**
 * A small i18n layer for the page, fed by the same `locales/<lng>/<ns>.json` files as the server
 * (bundled into app.js at build time). Keys read `<ns>.<path>`; `{{name}}` interpolates; a `count`
 * param picks `<key>_one` / `<key>_other` by the language's plural rules, as i18next does. The
 * other namespaces are here because `notification` events carry server keys (`supplies.…`).
 */
export type Language = 'en' | 'fr';
export type Params = Record<string, string | number>;
type Tree = { [key: string]: unknown };

const RESOURCES: Record<Language, Tree> = {
  en: { mirror: enMirror, orders: enOrders, outfits: enOutfits, supplies: enSupplies },
  fr: { mirror: frMirror, orders: frOrders, outfits: frOutfits, supplies: frSupplies },
};

export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function lookup(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Tree)[part];
  }
  return node;
}

export class I18n {
  readonly language: Language;
  private readonly plurals: Intl.PluralRules;

  constructor(locale: string) {
    this.language = languageOf(locale);
    this.plurals = new Intl.PluralRules(locale);
  }

  has(key: string): boolean {
    return typeof this.resolve(key) === 'string';
  }

  private resolve(key: string): unknown {
    const own = lookup(RESOURCES[this.language], key);
    return own !== undefined ? own : lookup(RESOURCES.en, key);
  }

  t(key: string, params: Params = {}): string {
    let template: unknown;
    if (typeof params.count === 'number') template = this.resolve(`${key}_${this.plurals.select(params.count)}`) ?? this.resolve(`${key}_other`);
    template ??= this.resolve(key);
    // Server phrasings may be arrays (varied speech); the mirror shows the first.
    if (Array.isArray(template)) template = template[0];
    if (typeof template !== 'string') return key;
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : ''));
  }
}
