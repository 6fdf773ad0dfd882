import { languageOf } from '@server/plugins/i18n';

/** Numbers and times the way the household reads them: "−3 °C", "2,5 °C", "17 h 30", "5:30 PM". */
export function formatTemperature(value: number, locale: string): string {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(value) === 0 ? 0 : value);
  return `${n}\u00a0°C`;
}

export function formatHour(iso: string, locale: string, timeZone: string): string {
  const date = new Date(iso);
  if (languageOf(locale) === 'fr') {
    const parts = new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(date);
    const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
    const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
    return minute === '00' ? `${hour}\u00a0h` : `${hour}\u00a0h\u00a0${minute}`;
  }
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(date);
}

export function monthName(month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 15)));
}

/** "a, b and c" in the household's language. */
export function joinList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(languageOf(locale) === 'fr' ? 'fr' : 'en', { style: 'long', type: 'conjunction' }).format(items);
}
