import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StrictObject } from '@server/core/schemas';
import { CONSENT_SOURCES } from './tables';

export const ConsentState = Type.Object(Object.fromEntries(CONSENT_SOURCES.map((s) => [s, Type.Boolean()])));
export const ConsentPatch = StrictObject(Object.fromEntries(CONSENT_SOURCES.map((s) => [s, Type.Optional(Type.Boolean())])), { minProperties: 1 });
export const ConsentsResponse = Type.Object({ consents: ConsentState });

export const ExportQuery = StrictObject({
  embed: Type.Optional(Type.Literal('photos', { description: 'embed every file (photos) as base64 instead of linking it' })),
});
export type ExportQuery = Static<typeof ExportQuery>;

const Row = Type.Record(Type.String(), Type.Unknown());
export const ExportResponse = Type.Object({
  format: Type.Literal('miroir-export/1'),
  exportedAt: Type.String(),
  householdId: Type.String(),
  tables: Type.Record(Type.String(), Type.Array(Row), { description: 'every table holding the household\'s rows, by name' }),
  files: Type.Array(
    Type.Object({
      area: Type.String(),
      name: Type.String(),
      size: Type.Integer(),
      url: Type.String(),
      contentBase64: Type.Optional(Type.String()),
    }),
  ),
  omittedColumns: Type.Array(Type.String()),
});

export const FileParams = StrictObject({
  area: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
  '*': Type.String({ minLength: 1, maxLength: 300 }),
});
export type FileParams = Static<typeof FileParams>;

export const AuditQuery = StrictObject({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  before: Type.Optional(IsoDateTime),
  kind: Type.Optional(Type.Union([Type.Literal('order'), Type.Literal('privacy')])),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditResponse = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      kind: Type.Union([Type.Literal('order'), Type.Literal('privacy')]),
      action: Type.String(),
      actor: Type.String(),
      channel: Type.String(),
      orderId: Type.Union([Type.String(), Type.Null()]),
      fromStatus: Type.Union([Type.String(), Type.Null()]),
      toStatus: Type.Union([Type.String(), Type.Null()]),
      detail: Type.Unknown(),
    }),
  ),
});

export const EraseConfirmationResponse = Type.Object({
  confirmation: Type.String({ description: 'present it to DELETE /api/v1/household, from the same token, before expiresAt' }),
  expiresAt: Type.String(),
});

export const EraseBody = StrictObject({ confirmation: Type.String({ minLength: 1, maxLength: 200 }) });
export type EraseBody = Static<typeof EraseBody>;

export const EraseResponse = Type.Object({
  erased: Type.Object({ tables: Type.Record(Type.String(), Type.Integer()), files: Type.Integer() }),
});
