import { localTemperature, type UnitSystem } from '@server/core/units';
import { languageOf } from '@server/plugins/i18n';

/**
 * Numbers and times the way the household reads them: "−3 °C", "2,5 °C", "17 h 30", "5:30 PM".
 * Intl formatters are costly to build (a large share of a suggestion's time), so each is built once
 * per locale and zone.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, build: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = build();
    cache.set(key, f);
  }
  return f;
}

/** A temperature given in °C, written as the household reads it ("−3 °C", "27 °F"). */
export function formatTemperature(celsius: number, locale: string, units?: UnitSystem): string {
  const nf = cached(`n|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  const { value, symbol } = localTemperature(celsius, locale, units);
  return `${nf.format(Math.round(value) === 0 ? 0 : value)}\u00a0${symbol}`;
}

export function formatHour(iso: string, locale: string, timeZone: string): string {
  const date = new Date(iso);
  if (languageOf(locale) === 'fr') {
    const df = cached(`fr|${timeZone}`, () => new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone }));
    const parts = df.formatToParts(date);
    const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
    const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
    return minute === '00' ? `${hour}\u00a0h` : `${hour}\u00a0h\u00a0${minute}`;
  }
  return cached(`t|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone })).format(date);
}

export function monthName(month: number, locale: string): string {
  return cached(`m|${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' })).format(new Date(Date.UTC(2026, month - 1, 15)));
}

/** "a, b and c" in the household's language. */
export function joinList(items: readonly string[], locale: string): string {
  const lang = languageOf(locale);
  return cached(`l|${lang}`, () => new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' })).format(items);
}
