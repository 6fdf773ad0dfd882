/**
 * Units a level may be reported in (volume, mass, and depth for tanks). Readings in a unit of the same dimension are converted to the
 * supply's unit ("500 ml" to a supply kept in litres); any other unit is refused, never guessed.
 */
const DIMENSIONS: Record<string, { dimension: string; factor: number }> = {
  l: { dimension: 'volume', factor: 1 },
  cl: { dimension: 'volume', factor: 0.01 },
  ml: { dimension: 'volume', factor: 0.001 },
  kg: { dimension: 'mass', factor: 1 },
  g: { dimension: 'mass', factor: 0.001 },
  lb: { dimension: 'mass', factor: 0.45359237 },
  oz: { dimension: 'mass', factor: 0.028349523125 },
  // Depth, for tanks measured by a distance sensor.
  m: { dimension: 'length', factor: 1 },
  cm: { dimension: 'length', factor: 0.01 },
  mm: { dimension: 'length', factor: 0.001 },
};

export function normalizeUnit(unit: string): string {
  return unit.trim().toLowerCase();
}

/** `value` in `from` expressed in `to`, or null when the units do not measure the same thing. */
export function convert(value: number, from: string, to: string): number | null {
  const a = normalizeUnit(from);
  const b = normalizeUnit(to);
  if (a === b) return value;
  const da = DIMENSIONS[a];
  const db = DIMENSIONS[b];
  if (!da || !db || da.dimension !== db.dimension) return null;
  return (value * da.factor) / db.factor;
}
