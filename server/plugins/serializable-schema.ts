/**
 * A response schema rewritten for fast-json-stringify, with the same output.
 *
 * TypeBox writes `Type.Union([Type.String(), Type.Null()])` and unions of literals as `anyOf`.
 * fast-json-stringify cannot tell an `anyOf` branch from the value alone, so it runs an Ajv
 * validator per branch on every value it writes: a third of `GET /api/v1/household`'s
 * serialization time went there. A union whose branches are plain scalar types (`{ type }` or a
 * literal's `{ type, const }`) serializes exactly as the same value under `type: [those types]`,
 * which fast-json-stringify decides with `typeof`. Unions of objects, arrays or `$ref`s are left
 * alone: there the branch chooses which properties are written.
 */
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
/** Keywords that do not change what is written for a scalar (annotations, and `const` of a literal). */
const SCALAR_NEUTRAL = new Set(['type', 'const', 'description', 'title', 'examples', 'default', 'enum']);

type Json = unknown;

function scalarTypeOf(branch: Json): string | null {
  if (branch === null || typeof branch !== 'object' || Array.isArray(branch)) return null;
  const record = branch as Record<string, Json>;
  if (typeof record.type !== 'string' || !SCALAR_TYPES.has(record.type)) return null;
  for (const key of Object.keys(record)) if (!SCALAR_NEUTRAL.has(key)) return null;
  return record.type;
}

export function simplifyForSerialization(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(simplifyForSerialization);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema as Record<string, Json>)) out[key] = simplifyForSerialization(value);
  const union = out.anyOf ?? out.oneOf;
  if (Array.isArray(union) && union.length > 0 && out.type === undefined) {
    const types = union.map(scalarTypeOf);
    if (types.every((t): t is string => t !== null)) {
      // An integer branch beside a number branch would make the integer one round a fraction.
      const unique = [...new Set(types)].filter((t, _, all) => !(t === 'integer' && all.includes('number')));
      delete out.anyOf;
      delete out.oneOf;
      out.type = unique.length === 1 ? unique[0] : unique;
    }
  }
  return out;
}
