import { Type, type TObject, type TProperties, type ObjectOptions } from '@sinclair/typebox';

/** The one error shape of CONTRACT.md, referenced by every route's responses. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'the body or query field the error concerns, dotted (policy.maxPerOrder)' })),
    }),
  },
  { $id: 'ErrorResponse', description: 'Uniform error body' },
);

/** Request bodies reject unknown fields (a typo in a field name is a 400, not silently ignored). */
export function StrictObject<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const IdParams = StrictObject({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const IsoDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$',
  description: 'ISO 8601 date-time with an offset',
});
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** Standard error responses to spread into a route schema. */
export const errorResponses = {
  400: Type.Ref('ErrorResponse'),
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
  409: Type.Ref('ErrorResponse'),
  422: Type.Ref('ErrorResponse'),
};
