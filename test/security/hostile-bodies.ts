import type { JsonSchema } from './route-table';

export interface Attack {
  name: string;
  payload: string | Buffer;
  contentType: string;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  const variant = (schema.anyOf ?? schema.oneOf)?.find((s) => s.type !== 'null');
  if (variant) return typeOf(variant);
  if (schema.properties) return 'object';
  return undefined;
}

const STRING_SAMPLES = ['sample', '2026-11-30T07:00:00Z', '2026-11-30', 'abc-1', 'fridge', 'L', 'like', 'x'];

/** A body the schema accepts, so an authorization check is reached instead of the validator. */
export function validSample(schema: JsonSchema, now: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return validSample(variants.find((s) => s.type !== 'null') ?? variants[0], now);
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] = validSample(prop, now);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => validSample(schema.items ?? {}, now));
    case 'string': {
      const candidates = [now, ...STRING_SAMPLES];
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? Infinity;
      const fits = (s: string) => s.length >= min && s.length <= max && (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
      return candidates.find(fits) ?? 'x'.repeat(Math.max(1, min));
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      return Math.min(low, schema.maximum ?? low);
    }
    case 'boolean':
      return true;
    default:
      return 'sample';
  }
}

function wrongValueFor(schema: JsonSchema): unknown[] {
  switch (typeOf(schema)) {
    case 'string':
      return [12345, true, ['a'], { a: 1 }];
    case 'number':
    case 'integer':
      return ['12', true, [1], { n: 1 }, -1e308];
    case 'boolean':
      return ['true', 1, null];
    case 'array':
      return [{ 0: 'a' }, 'a', 7];
    case 'object':
      return [[], 'object', 3];
    default:
      return [{ deep: { er: [1, 2, 3] } }];
  }
}

const json = (value: unknown): Attack['payload'] => JSON.stringify(value);

/**
 * Hostile bodies for one route, generated from its body schema (or from nothing, for routes that
 * take a body without a JSON schema). Raw text where JSON.stringify cannot express the attack.
 */
export function hostileBodies(schema: JsonSchema | null, now: string): Attack[] {
  const attacks: Attack[] = [];
  const add = (name: string, payload: string | Buffer, contentType = 'application/json') => attacks.push({ name, payload, contentType });
  const valid = schema ? validSample(schema, now) : {};
  const base = valid && typeof valid === 'object' && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
  const props = Object.entries(schema?.properties ?? {});

  for (const [key, prop] of props) {
    for (const wrong of wrongValueFor(prop)) add(`wrong type ${key}=${JSON.stringify(wrong)}`, json({ ...base, [key]: wrong }));
    add(`null ${key}`, json({ ...base, [key]: null }));
    if (typeOf(prop) === 'string') add(`100 KB string in ${key}`, json({ ...base, [key]: 'é'.repeat(50_000) }));
    if (typeOf(prop) === 'number' || typeOf(prop) === 'integer') {
      for (const literal of ['NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '1e-400']) {
        add(`${literal} literal in ${key}`, JSON.stringify({ ...base, [key]: '__N__' }).replace('"__N__"', literal));
      }
    }
    if (typeOf(prop) === 'object' || typeOf(prop) === 'array') {
      add(`10k-deep nesting in ${key}`, JSON.stringify({ ...base, [key]: '__D__' }).replace('"__D__"', '['.repeat(10_000) + ']'.repeat(10_000)));
    }
  }
  for (const key of schema?.required ?? []) {
    const rest = { ...base };
    delete rest[key];
    add(`missing required ${key}`, json(rest));
  }
  const firstString = props.find(([, p]) => typeOf(p) === 'string')?.[0] ?? 'name';
  add('1 MB string', json({ ...base, [firstString]: 'A'.repeat(1024 * 1024) }));
  add('10k-deep nesting (raw)', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000));
  add('10k-deep arrays (raw)', '['.repeat(10_000) + ']'.repeat(10_000));
  add('__proto__ key', JSON.stringify(base).replace(/^\{/, '{"__proto__":{"polluted":"yes"},').replace(',}', '}'));
  add('constructor.prototype key', JSON.stringify(base).replace(/^\{/, '{"constructor":{"prototype":{"polluted":"yes"}},').replace(',}', '}'));
  add('nested __proto__', json({ ...base, [firstString]: JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown }));
  add('invalid UTF-8', Buffer.concat([Buffer.from(`{"${firstString}":"`), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]));
  add('lone surrogate escape', JSON.stringify({ ...base, [firstString]: '__S__' }).replace('"__S__"', '"\\ud800\\udfff\\ud800"'));
  add('NUL bytes', json({ ...base, [firstString]: 'a\u0000b\u0000' }));
  add('empty body', '');
  add('whitespace body', '   ');
  add('null body', 'null');
  add('number body', '42');
  add('string body', '"just a string"');
  add('array instead of object', json([base]));
  add('truncated JSON', JSON.stringify(base).slice(0, -1) || '{');
  add('trailing garbage', `${JSON.stringify(base)}}}`);
  add('duplicate keys', JSON.stringify(base).replace(/^\{/, `{"${firstString}":1,`).replace(',}', '}'));
  add('wrong content type (text/plain)', JSON.stringify(base), 'text/plain');
  add('wrong content type (form)', 'a=1&b=2', 'application/x-www-form-urlencoded');
  add('wrong content type (xml)', '<a>1</a>', 'application/xml');
  add('unknown field', json({ ...base, unexpectedField: 'x' }));
  return attacks;
}
