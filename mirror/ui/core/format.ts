import { unitsFor, type Units, type UnitSystem } from '@server/core/units';
import { zonedDayKey } from './time';

export { unitsFor, type TemperatureUnit, type Units, type UnitSystem } from '@server/core/units';

/**
 * Every number, date and unit the mirror shows, in the household's locale and time zone. Built
 * once per household settings; each Intl formatter is created on first use and reused (creating
 * them is the costly part: the first one a page creates loads ICU's shared data, 30-100 ms of its
 * main thread, then about a millisecond each), or all at once by `warm()` at a moment the page
 * would otherwise wait.
 */
export class Formats {
  readonly units: Units;
  private hour12?: boolean;
  private timeF?: Intl.DateTimeFormat;
  private hourF?: Intl.DateTimeFormat;
  private dateF?: Intl.DateTimeFormat;
  private shortDateF?: Intl.DateTimeFormat;
  private wallF?: Intl.DateTimeFormat;
  private tempF?: Intl.NumberFormat;
  private degreeF?: Intl.NumberFormat;
  private windF?: Intl.NumberFormat;
  private precipF?: Intl.NumberFormat;
  private percentF?: Intl.NumberFormat;
  private numberF?: Intl.NumberFormat;
  private readonly currencyF = new Map<string, Intl.NumberFormat>();

  /** `system`: the household's metric or imperial choice; the locale's when absent. */
  constructor(readonly locale: string, readonly timeZone: string, system?: UnitSystem | null) {
    this.units = unitsFor(locale, system);
  }

  /** Creates every formatter now (the page does it while its start-up reads are out). */
  warm(): void {
    this.timeFmt();
    this.hourFmt();
    this.dateFmt();
    this.shortDateFmt();
    this.wallFmt();
    this.tempFmt();
    this.degreeFmt();
    this.windFmt();
    this.precipFmt();
    this.percentFmt();
    this.numberFmt();
  }

  private dates(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    return new Intl.DateTimeFormat(this.locale, options);
  }

  private numbers(options: Intl.NumberFormatOptions): Intl.NumberFormat {
    return new Intl.NumberFormat(this.locale, options);
  }

  /** 24-hour locales write 08:05, 12-hour ones 8:05 AM. */
  private hourStyle(): '2-digit' | 'numeric' {
    this.hour12 ??= this.dates({ hour: 'numeric' }).resolvedOptions().hour12 === true;
    return this.hour12 ? 'numeric' : '2-digit';
  }

  private timeFmt(): Intl.DateTimeFormat {
    return (this.timeF ??= this.dates({ timeZone: this.timeZone, hour: this.hourStyle(), minute: '2-digit' }));
  }

  private hourFmt(): Intl.DateTimeFormat {
    return (this.hourF ??= this.dates({ timeZone: this.timeZone, hour: 'numeric' }));
  }

  private dateFmt(): Intl.DateTimeFormat {
    return (this.dateF ??= this.dates({ timeZone: this.timeZone, weekday: 'long', day: 'numeric', month: 'long' }));
  }

  private shortDateFmt(): Intl.DateTimeFormat {
    return (this.shortDateF ??= this.dates({ timeZone: this.timeZone, weekday: 'short', day: 'numeric', month: 'short' }));
  }

  private wallFmt(): Intl.DateTimeFormat {
    return (this.wallF ??= this.dates({ timeZone: 'UTC', hour: this.hourStyle(), minute: '2-digit' }));
  }

  private tempFmt(): Intl.NumberFormat {
    return (this.tempF ??= this.numbers({ style: 'unit', unit: this.units.temperature, maximumFractionDigits: 0 }));
  }

  private degreeFmt(): Intl.NumberFormat {
    return (this.degreeF ??= this.numbers({ maximumFractionDigits: 0 }));
  }

  private windFmt(): Intl.NumberFormat {
    return (this.windF ??= this.numbers({ style: 'unit', unit: this.units.wind, maximumFractionDigits: 0 }));
  }

  private precipFmt(): Intl.NumberFormat {
    const digits = this.units.precipitation === 'inch' ? 2 : 1;
    return (this.precipF ??= this.numbers({ style: 'unit', unit: this.units.precipitation, maximumFractionDigits: digits }));
  }

  private percentFmt(): Intl.NumberFormat {
    return (this.percentF ??= this.numbers({ style: 'percent', maximumFractionDigits: 0 }));
  }

  private numberFmt(): Intl.NumberFormat {
    return (this.numberF ??= this.numbers({ maximumFractionDigits: 1 }));
  }

  /** A wall-clock setting such as "23:00" in the locale's style ("11:00 PM"), no date or zone. */
  wallTime(hhmm: string): string {
    const [h, m] = hhmm.split(':').map(Number);
    return this.wallFmt().format(new Date(Date.UTC(2000, 0, 1, h, m)));
  }

  private toUnit(celsius: number): number {
    return this.units.temperature === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;
  }

  /** "8 °C" / "46°F". */
  temperature(celsius: number): string {
    return this.tempFmt().format(Math.round(this.toUnit(celsius)));
  }

  /** "8°": for dense rows where the unit is shown once nearby. */
  degrees(celsius: number): string {
    return `${this.degreeFmt().format(Math.round(this.toUnit(celsius)))}°`;
  }

  wind(metresPerSecond: number): string {
    const factor = this.units.wind === 'mile-per-hour' ? 2.236936 : 3.6;
    return this.windFmt().format(metresPerSecond * factor);
  }

  precipitation(mm: number): string {
    return this.precipFmt().format(this.units.precipitation === 'inch' ? mm / 25.4 : mm);
  }

  percent(value0to100: number): string {
    return this.percentFmt().format(value0to100 / 100);
  }

  number(value: number): string {
    return this.numberFmt().format(value);
  }

  money(amount: number, currency: string): string {
    let fmt = this.currencyF.get(currency);
    if (!fmt) this.currencyF.set(currency, (fmt = this.numbers({ style: 'currency', currency })));
    return fmt.format(amount);
  }

  time(at: Date | string): string {
    return this.timeFmt().format(typeof at === 'string' ? new Date(at) : at);
  }

  hour(at: Date | string): string {
    return this.hourFmt().format(typeof at === 'string' ? new Date(at) : at);
  }

  longDate(at: Date): string {
    return this.dateFmt().format(at);
  }

  shortDate(at: Date | string): string {
    return this.shortDateFmt().format(typeof at === 'string' ? new Date(at) : at);
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
