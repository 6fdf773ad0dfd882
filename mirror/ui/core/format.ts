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
  private readonly made = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

  /** `system`: the household's metric or imperial choice; the locale's when absent. */
  constructor(readonly locale: string, readonly timeZone: string, system?: UnitSystem | null) {
    this.units = unitsFor(locale, system);
  }

  /** Creates every formatter now (the page does it while its start-up reads are out). */
  warm(): void {
    for (const make of [this.timeFmt, this.hourFmt, this.dateFmt, this.shortDateFmt, this.wallFmt]) make.call(this);
    for (const make of [this.tempFmt, this.degreeFmt, this.windFmt, this.precipFmt, this.percentFmt, this.numberFmt]) make.call(this);
  }

  private dates(key: string, options: () => Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    let fmt = this.made.get(key) as Intl.DateTimeFormat | undefined;
    if (!fmt) this.made.set(key, (fmt = new Intl.DateTimeFormat(this.locale, options())));
    return fmt;
  }

  private numbers(key: string, options: () => Intl.NumberFormatOptions): Intl.NumberFormat {
    let fmt = this.made.get(key) as Intl.NumberFormat | undefined;
    if (!fmt) this.made.set(key, (fmt = new Intl.NumberFormat(this.locale, options())));
    return fmt;
  }

  /** 24-hour locales write 08:05, 12-hour ones 8:05 AM. */
  private hourStyle(): '2-digit' | 'numeric' {
    return this.dates('hour12', () => ({ hour: 'numeric' })).resolvedOptions().hour12 === true ? 'numeric' : '2-digit';
  }

  private timeFmt(): Intl.DateTimeFormat {
    return this.dates('time', () => ({ timeZone: this.timeZone, hour: this.hourStyle(), minute: '2-digit' }));
  }

  private hourFmt(): Intl.DateTimeFormat {
    return this.dates('hour', () => ({ timeZone: this.timeZone, hour: 'numeric' }));
  }

  private dateFmt(): Intl.DateTimeFormat {
    return this.dates('date', () => ({ timeZone: this.timeZone, weekday: 'long', day: 'numeric', month: 'long' }));
  }

  private shortDateFmt(): Intl.DateTimeFormat {
    return this.dates('shortDate', () => ({ timeZone: this.timeZone, weekday: 'short', day: 'numeric', month: 'short' }));
  }

  private wallFmt(): Intl.DateTimeFormat {
    return this.dates('wall', () => ({ timeZone: 'UTC', hour: this.hourStyle(), minute: '2-digit' }));
  }

  private tempFmt(): Intl.NumberFormat {
    return this.numbers('temperature', () => ({ style: 'unit', unit: this.units.temperature, maximumFractionDigits: 0 }));
  }

  private degreeFmt(): Intl.NumberFormat {
    return this.numbers('degrees', () => ({ maximumFractionDigits: 0 }));
  }

  private windFmt(): Intl.NumberFormat {
    return this.numbers('wind', () => ({ style: 'unit', unit: this.units.wind, maximumFractionDigits: 0 }));
  }

  private precipFmt(): Intl.NumberFormat {
    return this.numbers('precipitation', () => ({ style: 'unit', unit: this.units.precipitation, maximumFractionDigits: this.units.precipitation === 'inch' ? 2 : 1 }));
  }

  private percentFmt(): Intl.NumberFormat {
    return this.numbers('percent', () => ({ style: 'percent', maximumFractionDigits: 0 }));
  }

  private numberFmt(): Intl.NumberFormat {
    return this.numbers('number', () => ({ maximumFractionDigits: 1 }));
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
    return this.numbers(`currency:${currency}`, () => ({ style: 'currency', currency })).format(amount);
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
