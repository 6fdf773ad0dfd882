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

export function unitsFor(locale: string): Units {
  const region = (locale.split(/[-_]/)[1] ?? '').toUpperCase();
  const imperial = IMPERIAL_REGIONS.has(region);
  return {
    temperature: imperial ? 'fahrenheit' : 'celsius',
    wind: MPH_REGIONS.has(region) ? 'mile-per-hour' : 'kilometer-per-hour',
    precipitation: imperial ? 'inch' : 'millimeter',
  };
}

/** A temperature in °C as the locale reads it (°F where Fahrenheit is used). */
export function localTemperature(celsius: number, locale: string): { value: number; symbol: '°C' | '°F' } {
  return unitsFor(locale).temperature === 'fahrenheit' ? { value: (celsius * 9) / 5 + 32, symbol: '°F' } : { value: celsius, symbol: '°C' };
}
