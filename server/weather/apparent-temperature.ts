/**
 * Apparent temperature (Australian Bureau of Meteorology, Steadman 1994, shade version):
 *   AT = Ta + 0.33·e − 0.70·ws − 4.00, with e the water vapour pressure in hPa
 *   e = rh/100 · 6.105 · exp(17.27·Ta / (237.7 + Ta)).
 * MET Norway gives no "feels like", and the outfit engine reasons on felt temperature.
 */
export function apparentTemperature(temperatureC: number, relativeHumidity: number, windSpeedMs: number): number {
  const e = (relativeHumidity / 100) * 6.105 * Math.exp((17.27 * temperatureC) / (237.7 + temperatureC));
  return round1(temperatureC + 0.33 * e - 0.7 * windSpeedMs - 4.0);
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
