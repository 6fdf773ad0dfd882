/**
 * A deep copy of plain data (rows, settings, a computed answer): several times cheaper than
 * structuredClone, which serialises, for copies made on nearly every request.
 */
export function copyPlain<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  // A driver's Date (PostgreSQL timestamps) stays a Date; anything else unusual takes the general copy.
  if (value instanceof Date) return new Date(value.getTime()) as T;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}
