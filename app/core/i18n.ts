import enApp from '@locales/en/app.json';
import enErrors from '@locales/en/errors.json';
import enOrders from '@locales/en/orders.json';
import enOutfits from '@locales/en/outfits.json';
import enSupplies from '@locales/en/supplies.json';
import frApp from '@locales/fr/app.json';
import frErrors from '@locales/fr/errors.json';
import frOrders from '@locales/fr/orders.json';
import frOutfits from '@locales/fr/outfits.json';
import frSupplies from '@locales/fr/supplies.json';

/**
 * The app's strings, from the same `locales/<lng>/<ns>.json` files as the server (bundled at build
 * time). Keys read `<ns>.<path>` (`app.nav.today`); `{{name}}` interpolates; a numeric `count`
 * picks `<key>_one` / `<key>_other` by the language's plural rules, as i18next does.
 */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Params = Record<string, string | number>;
type Tree = { [key: string]: unknown };

const RESOURCES: Record<Language, Tree> = {
  en: { app: enApp, errors: enErrors, orders: enOrders, outfits: enOutfits, supplies: enSupplies },
  fr: { app: frApp, errors: frErrors, orders: frOrders, outfits: frOutfits, supplies: frSupplies },
};

export function languageOf(locale: string | null | undefined): Language {
  return (locale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * French typography: « : ; ! ? » take a space before them and « one after it, and a line must not
 * break there (the journey screenshots showed "10:15" then "; annulable jusque-là" starting the
 * next line). The plain space the translators typed becomes a no-break one, in the template only:
 * what is interpolated (a name, an address) is left as it came.
 */
export function frenchSpacing(template: string): string {
  return template.replace(/ (?=[:;!?»])|(?<=«) /g, '\u00a0');
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
  private readonly plurals: Intl.PluralRules;
  /** The BCP 47 locale for Intl: the household's when it speaks this language, else the language. */
  readonly locale: string;

  constructor(
    readonly language: Language,
    householdLocale?: string,
  ) {
    this.locale = householdLocale && languageOf(householdLocale) === language ? householdLocale : language === 'fr' ? 'fr-FR' : 'en-US';
    this.plurals = new Intl.PluralRules(this.locale);
  }

  has(key: string): boolean {
    return typeof lookup(RESOURCES[this.language], key) === 'string';
  }

  t(key: string, params: Params = {}): string {
    const resolve = (k: string) => lookup(RESOURCES[this.language], k) ?? lookup(RESOURCES.en, k);
    let template: unknown;
    if (typeof params.count === 'number') template = resolve(`${key}_${this.plurals.select(params.count)}`) ?? resolve(`${key}_other`);
    template ??= resolve(key);
    if (Array.isArray(template)) template = template[0];
    if (typeof template !== 'string') return key;
    const text = this.language === 'fr' ? frenchSpacing(template) : template;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : ''));
  }

  number(value: number, options: Intl.NumberFormatOptions = {}): string {
    return new Intl.NumberFormat(this.locale, options).format(value);
  }

  /** A number as a person types it back into a field ("0,36" in French), no grouping. */
  decimal(value: number): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: 3, useGrouping: false }).format(value);
  }

  money(value: number, currency: string): string {
    return new Intl.NumberFormat(this.locale, { style: 'currency', currency }).format(value);
  }

  date(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' }): string {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
    return new Intl.DateTimeFormat(this.locale, { ...options, timeZone: /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : timeZone }).format(date);
  }
}
