import { DateTime } from 'luxon';
import { languageOf } from '@server/plugins/i18n';
import type { Clock } from '@server/core/clock';

/** Spoken forms of values: phrasing only, no decisions. */
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The local date (YYYY-MM-DD) a DAY slot value names, seen from now in the household's zone. */
export function resolveDay(dayId: string | null, timezone: string, clock: Clock): { date: string; dayId: string } {
  const today = DateTime.fromJSDate(clock.now()).setZone(timezone).startOf('day');
  if (!dayId || dayId === 'today') return { date: today.toISODate()!, dayId: 'today' };
  if (dayId === 'tomorrow') return { date: today.plus({ days: 1 }).toISODate()!, dayId };
  const index = WEEKDAYS.indexOf(dayId as (typeof WEEKDAYS)[number]);
  if (index < 0) return { date: today.toISODate()!, dayId: 'today' };
  const ahead = (index + 1 - today.weekday + 7) % 7;
  const date = today.plus({ days: ahead });
  const relative = ahead === 0 ? 'today' : ahead === 1 ? 'tomorrow' : dayId;
  return { date: date.toISODate()!, dayId: relative };
}

export function weekdayName(date: string, locale: string): string {
  return DateTime.fromISO(date).setLocale(languageOf(locale)).toFormat('cccc');
}

export function money(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

export function listOf(items: string[], locale: string): string {
  return new Intl.ListFormat(languageOf(locale), { style: 'long', type: 'conjunction' }).format(items);
}

/** A local clock time (17:00 / 5:00 PM) for an ISO instant, in the household's zone. */
export function clockTime(iso: string, timezone: string, locale: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setZone(timezone).setLocale(locale).toLocaleString(DateTime.TIME_SIMPLE);
}

/** A spoken or typed number: digits, or a small number word in either language. */
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, a: 1, an: 1,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, douze: 12,
};

/** Digits, or a small number word, as digits; null for anything else. */
export function spokenNumber(raw: string): string | null {
  const text = raw.trim().toLowerCase();
  if (/^\d+$/.test(text)) return text;
  const n = NUMBER_WORDS[text];
  return n === undefined ? null : String(n);
}

export function parseQuantity(raw: string | undefined | null): number | null {
  const digits = raw ? spokenNumber(raw) : null;
  const n = digits === null ? NaN : Number(digits);
  return Number.isInteger(n) && n >= 1 && n <= 99 ? n : null;
}

/** Pairing codes are six digits; people say them with spaces or as words the platform turned to digits. */
export function parseCode(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const digits = raw.replace(/[\s.-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}
