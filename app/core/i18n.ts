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
import { Translator, languageOf, type Language, type Resources } from '@mirror/ui/core/i18n';

export { LANGUAGES, languageOf, type Language, type Params } from '@mirror/ui/core/i18n';

/**
 * The app's strings: the mirror's translator (one implementation) over the app's namespaces
 * (`app.nav.today`), plus what a form needs that the wall does not: Intl numbers as a person types
 * them back, money and dates.
 */
const RESOURCES: Resources = {
  en: { app: enApp, errors: enErrors, orders: enOrders, outfits: enOutfits, supplies: enSupplies },
  fr: { app: frApp, errors: frErrors, orders: frOrders, outfits: frOutfits, supplies: frSupplies },
};

/** The household's locale when it speaks this language (fr-CA keeps its own formats), else the language's usual one. */
function localeFor(language: Language, householdLocale?: string): string {
  return householdLocale && languageOf(householdLocale) === language ? householdLocale : language === 'fr' ? 'fr-FR' : 'en-US';
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

export class I18n extends Translator {
  /** The BCP 47 locale for Intl. */
  readonly locale: string;

  constructor(language: Language, householdLocale?: string) {
    const locale = localeFor(language, householdLocale);
    super(language, locale, RESOURCES);
    this.locale = locale;
  }

  protected override typeset(template: string): string {
    return this.language === 'fr' ? frenchSpacing(template) : template;
  }

  // Creating an Intl formatter is the costly part (as in the mirror's Formats): lists format a
  // date or an amount per row on every render, so each distinct set of options is built once.
  private readonly numberFmts = new Map<string, Intl.NumberFormat>();
  private readonly dateFmts = new Map<string, Intl.DateTimeFormat>();

  private numberFmt(options: Intl.NumberFormatOptions): Intl.NumberFormat {
    const key = JSON.stringify(options);
    let fmt = this.numberFmts.get(key);
    if (!fmt) this.numberFmts.set(key, (fmt = new Intl.NumberFormat(this.locale, options)));
    return fmt;
  }

  number(value: number, options: Intl.NumberFormatOptions = {}): string {
    return this.numberFmt(options).format(value);
  }

  /** A number as a person types it back into a field ("0,36" in French), no grouping. */
  decimal(value: number): string {
    return this.numberFmt({ maximumFractionDigits: 3, useGrouping: false }).format(value);
  }

  money(value: number, currency: string): string {
    return this.numberFmt({ style: 'currency', currency }).format(value);
  }

  date(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' }): string {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
    const date = dateOnly ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
    const all = { ...options, timeZone: dateOnly ? 'UTC' : timeZone };
    const key = JSON.stringify(all);
    let fmt = this.dateFmts.get(key);
    if (!fmt) this.dateFmts.set(key, (fmt = new Intl.DateTimeFormat(this.locale, all)));
    return fmt.format(date);
  }
}
