import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { Type, type TSchema } from '@sinclair/typebox';
import { HouseholdSchema } from '@server/households/schemas';
import { simplifyForSerialization } from '@server/plugins/serializable-schema';

const serializerOf = (schema: unknown) => SerializerSelector()({}, {})({ schema, method: 'GET', url: '/x', httpStatus: '200' } as never) as (value: unknown) => string;

describe('response schemas rewritten for the serializer', () => {
  const Units = Type.Union([Type.Literal('metric'), Type.Literal('imperial')], { description: 'units' });
  const cases: [string, TSchema, unknown[]][] = [
    ['a number or null', Type.Union([Type.Number(), Type.Null()]), [1.5, 0, -3, null]],
    ['a string or null', Type.Union([Type.String(), Type.Null()]), ['é "quoted" \\ \n', '', null]],
    ['string literals', Units, ['metric', 'imperial']],
    ['an integer or a string', Type.Union([Type.Integer(), Type.String()]), [3, 'three']],
    ['a boolean or null', Type.Union([Type.Boolean(), Type.Null()]), [true, false, null]],
    ['number literals and null', Type.Union([Type.Literal(1), Type.Literal(2), Type.Null()]), [1, 2, null]],
  ];

  it.each(cases)('%s: the same text as the union, inside an object and alone', (_name, schema, values) => {
    const inObject = Type.Object({ value: schema, list: Type.Array(schema) });
    for (const s of [schema, inObject]) {
      const original = serializerOf(s);
      const simple = serializerOf(simplifyForSerialization(s));
      for (const value of values) {
        const input = s === schema ? value : { value, list: [value, value], ignored: 'not in the schema' };
        expect(simple(input)).toBe(original(input));
      }
    }
  });

  it('a union of scalar types becomes a type list; its annotations stay', () => {
    expect(simplifyForSerialization(Units)).toEqual({ description: 'units', type: 'string' });
    expect(simplifyForSerialization(Type.Union([Type.Number(), Type.Null()]))).toEqual({ type: ['number', 'null'] });
    expect(simplifyForSerialization(Type.Union([Type.Integer(), Type.Number()]))).toEqual({ type: 'number' });
  });

  it('a union of objects, or of a scalar with a pattern or a format, is left for the serializer to choose a branch', () => {
    const objects = Type.Union([Type.Object({ kind: Type.Literal('a'), a: Type.String() }), Type.Object({ kind: Type.Literal('b'), b: Type.Number() })]);
    expect(simplifyForSerialization(objects)).toEqual(JSON.parse(JSON.stringify(objects)));
    const original = serializerOf(objects);
    const simple = serializerOf(simplifyForSerialization(objects));
    for (const value of [{ kind: 'a', a: 'x', b: 2 }, { kind: 'b', b: 2, a: 'x' }]) expect(simple(value)).toBe(original(value));
    const formatted = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
    expect(simplifyForSerialization(formatted)).toHaveProperty('anyOf');
  });

  it('the household, as its route writes it', () => {
    const original = serializerOf(HouseholdSchema);
    const simple = serializerOf(simplifyForSerialization(HouseholdSchema));
    const household = {
      id: 'h1', name: 'Maison', locale: 'fr-FR', timezone: 'Europe/Paris', latitude: null, longitude: 2.35, currency: 'EUR', units: 'imperial', demo: false,
      settings: { commute: { leave: '08:00', return: '18:30', days: [1, 2] }, nightMode: { enabled: false, start: '23:00', end: '06:30' } },
      createdAt: 'not written',
      profiles: [{ id: 'p1', name: 'Anna', locale: 'en-GB', isDefault: true, comfort: 'cold', voicePersonId: null }, { id: 'p2', name: 'Léo', locale: 'fr-FR', isDefault: false, comfort: 'warm' }],
    };
    expect(simple(household)).toBe(original(household));
    expect(JSON.parse(simple(household))).not.toHaveProperty('createdAt');
  });
});
