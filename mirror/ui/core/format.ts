import { unitsFor, type Units, type UnitSystem } from '@server/core/units';
import { zonedDayKey } from './time';

export { unitsFor, type TemperatureUnit, type Units, type UnitSystem } from '@server/core/units';

/**
 * Every number, date and unit the mirror shows, in the household's locale and time zone. Built
 * once per household settings; the Intl formatters are reused (creating them is the costly part).
 */
export class Formats {
  readonly units: Units;
  private readonly timeFmt: Intl.DateTimeFormat;
  private readonly hourFmt: Intl.DateTimeFormat;
  private readonly dateFmt: Intl.DateTimeFormat;
  private readonly shortDateFmt: Intl.DateTimeFormat;
  private readonly tempFmt: Intl.NumberFormat;
  private readonly degreeFmt: Intl.NumberFormat;
  private readonly windFmt: Intl.NumberFormat;
  private readonly precipFmt: Intl.NumberFormat;
  private readonly percentFmt: Intl.NumberFormat;
  private readonly numberFmt: Intl.NumberFormat;
  private readonly currencyFmts = new Map<string, Intl.NumberFormat>();
  private readonly wallFmt: Intl.DateTimeFormat;

  /** `system`: the household's metric or imperial choice; the locale's when absent. */
  constructor(readonly locale: string, readonly timeZone: string, system?: UnitSystem | null) {
    this.units = unitsFor(locale, system);
    // 24-hour locales write 08:05, 12-hour ones 8:05 AM.
    const twelveHour = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 === true;
    const hour = twelveHour ? 'numeric' : '2-digit';
    this.timeFmt = new Intl.DateTimeFormat(locale, { timeZone, hour, minute: '2-digit' });
    this.hourFmt = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric' });
    this.dateFmt = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
    this.shortDateFmt = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
    this.tempFmt = new Intl.NumberFormat(locale, { style: 'unit', unit: this.units.temperature, maximumFractionDigits: 0 });
    this.degreeFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.windFmt = new Intl.NumberFormat(locale, { style: 'unit', unit: this.units.wind, maximumFractionDigits: 0 });
    this.precipFmt = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: this.units.precipitation,
      maximumFractionDigits: this.units.precipitation === 'inch' ? 2 : 1,
    });
    this.percentFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    this.numberFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    this.wallFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', hour, minute: '2-digit' });
  }

  /** A wall-clock setting such as "23:00" in the locale's style ("11:00 PM"), no date or zone. */
  wallTime(hhmm: string): string {
    const [h, m] = hhmm.split(':').map(Number);
    return this.wallFmt.format(new Date(Date.UTC(2000, 0, 1, h, m)));
  }

  private toUnit(celsius: number): number {
    return this.units.temperature === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;
  }

  /** "8 °C" / "46°F". */
  temperature(celsius: number): string {
    return this.tempFmt.format(Math.round(this.toUnit(celsius)));
  }

  /** "8°": for dense rows where the unit is shown once nearby. */
  degrees(celsius: number): string {
    return `${this.degreeFmt.format(Math.round(this.toUnit(celsius)))}°`;
  }

  wind(metresPerSecond: number): string {
    const factor = this.units.wind === 'mile-per-hour' ? 2.236936 : 3.6;
    return this.windFmt.format(metresPerSecond * factor);
  }

  precipitation(mm: number): string {
    return this.precipFmt.format(this.units.precipitation === 'inch' ? mm / 25.4 : mm);
  }

  percent(value0to100: number): string {
    return this.percentFmt.format(value0to100 / 100);
  }

  number(value: number): string {
    return this.numberFmt.format(value);
  }

  money(amount: number, currency: string): string {
    let fmt = this.currencyFmts.get(currency);
    if (!fmt) {
      fmt = new Intl.NumberFormat(this.locale, { style: 'currency', currency });
      this.currencyFmts.set(currency, fmt);
    }
    return fmt.format(amount);
  }

  time(at: Date | string): string {
    return this.timeFmt.format(typeof at === 'string' ? new Date(at) : at);
  }

  hour(at: Date | string): string {
    return this.hourFmt.format(typeof at === 'string' ? new Date(at) : at);
  }

  longDate(at: Date): string {
    return this.dateFmt.format(at);
  }

  shortDate(at: Date | string): string {
    return this.shortDateFmt.format(typeof at === 'string' ? new Date(at) : at);
  }

  /** A locale tag as words in the household's language ("fr-FR" → "français (France)"); the tag itself when Intl cannot name it. */
  languageName(tag: string): string {
    try {
      return new Intl.DisplayNames([this.locale], { type: 'language' }).of(tag) ?? tag;
    } catch {
      return tag;
    }
  }

  /** Whether an ISO time falls on the same household day as `now`. */
  sameDay(iso: string, now: Date): boolean {
    return zonedDayKey(new Date(iso), this.timeZone) === zonedDayKey(now, this.timeZone);
  }
}
