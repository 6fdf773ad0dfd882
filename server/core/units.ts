/**
 * Which units a locale reads. The API speaks °C, m/s and mm (CONTRACT.md); everything shown or
 * spoken to a person converts here, so the mirror, the outfit explanation and the voice replies
 * agree. Pure and dependency-free: the mirror's browser bundle imports it too.
 */
export type TemperatureUnit = 'celsius' | 'fahrenheit';

export interface Units {
  temperature: TemperatureUnit;
  wind: 'kilometer-per-hour' | 'mile-per-hour';
  precipitation: 'millimeter' | 'inch';
}

/** Regions that read Fahrenheit and inches; the UK reads °C and mm but miles per hour. */
const IMPERIAL_REGIONS = new Set(['US', 'LR', 'MM', 'BS', 'BZ', 'KY', 'PW']);
const MPH_REGIONS = new Set([...IMPERIAL_REGIONS, 'GB']);

/** What a household chose in its settings: metric (°C, km/h, mm) or imperial (°F, mph, in). */
export const UNIT_SYSTEMS = ['metric', 'imperial'] as const;
export type UnitSystem = (typeof UNIT_SYSTEMS)[number];

function regionOf(locale: string): string {
  return (locale.split(/[-_]/)[1] ?? '').toUpperCase();
}

/** The system a locale reads when the household has not chosen (en-US: imperial; en-GB, fr-FR: metric). */
export function defaultUnitSystem(locale: string): UnitSystem {
  return IMPERIAL_REGIONS.has(regionOf(locale)) ? 'imperial' : 'metric';
}

/**
 * The units to show: the household's chosen system when it has one, else the locale's. A chosen
 * metric system keeps the UK's miles per hour only when the locale is British (what a Briton reads).
 */
export function unitsFor(locale: string, system?: UnitSystem | null): Units {
  const region = regionOf(locale);
  const imperial = system ? system === 'imperial' : IMPERIAL_REGIONS.has(region);
  if (system) {
    return {
      temperature: imperial ? 'fahrenheit' : 'celsius',
      wind: imperial || region === 'GB' ? 'mile-per-hour' : 'kilometer-per-hour',
      precipitation: imperial ? 'inch' : 'millimeter',
    };
  }
  return {
    temperature: imperial ? 'fahrenheit' : 'celsius',
    wind: MPH_REGIONS.has(region) ? 'mile-per-hour' : 'kilometer-per-hour',
    precipitation: imperial ? 'inch' : 'millimeter',
  };
}

/** A temperature in °C as the household reads it (°F where Fahrenheit is used or chosen). */
export function localTemperature(celsius: number, locale: string, system?: UnitSystem | null): { value: number; symbol: '°C' | '°F' } {
  return unitsFor(locale, system).temperature === 'fahrenheit' ? { value: (celsius * 9) / 5 + 32, symbol: '°F' } : { value: celsius, symbol: '°C' };
}
