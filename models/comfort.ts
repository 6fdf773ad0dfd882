/**
 * The physical prior: how much clothing insulation a person needs outdoors. A steady-state heat
 * balance for light walking (about 2 met, ~85 W/m² of dry heat loss after sweating and breathing,
 * skin at 34 °C, ISO 11079's IREQ reduced to its dry term): I_cl = ((34 − T)/H − I_a) / 0.155,
 * with T the apparent temperature (which already carries the wind chill) and I_a ≈ 0.1 m²K/W the
 * boundary air layer in light wind. Gives about 0.4 clo at 20 °C, 1.2 at 10 °C, 1.9 at 0 °C.
 */
const SKIN_C = 34;
const DRY_HEAT_W_M2 = 85;
const AIR_LAYER = 0.1;
const M2KW_PER_CLO = 0.155;

export const MIN_NEEDED_CLO = 0.3;
export const MAX_NEEDED_CLO = 3.5;

export function neededClo(apparentTemperature: number): number {
  const clo = ((SKIN_C - apparentTemperature) / DRY_HEAT_W_M2 - AIR_LAYER) / M2KW_PER_CLO;
  return Math.min(MAX_NEEDED_CLO, Math.max(MIN_NEEDED_CLO, clo));
}

/**
 * The temperature to dress for over the outdoor hours: a quarter of the way from the coldest to
 * the warmest apparent temperature (people dress for the cold end, with a layer to take off),
 * shifted by the person's comfort offset (positive: runs warm, feels it warmer).
 */
export function feltTemperature(minApparent: number, maxApparent: number, comfortOffset = 0): number {
  return minApparent + 0.25 * (maxApparent - minApparent) + comfortOffset;
}

/**
 * What a person says of themselves ("I run warm / cold"), as °C added to the temperature they
 * dress for, on top of what feedback taught: 3 °C is about a layer (0.3 clo at 10 °C).
 */
export const DECLARED_COMFORT_OFFSET_C = { warm: 3, neutral: 0, cold: -3 } as const;
export type DeclaredComfort = keyof typeof DECLARED_COMFORT_OFFSET_C;
