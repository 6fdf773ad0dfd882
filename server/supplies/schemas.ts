import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';

const Name = Type.String({ minLength: 1, maxLength: 80 });
const Unit = Type.String({ minLength: 1, maxLength: 16, description: 'e.g. L, kg, pcs, %' });
const Amount = Type.Number({ minimum: 0, maximum: 1e6 });
const Money = Type.Union([Type.Number({ minimum: 0, maximum: 1e6 }), Type.Null()]);
const PolicyMode = Type.Union([Type.Literal('notify'), Type.Literal('ask'), Type.Literal('auto')]);

export const PolicySchema = Type.Object({
  mode: PolicyMode,
  maxPerOrder: Money,
  maxPerMonth: Money,
  cancelWindowHours: Type.Number(),
});

export const SupplySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  capacity: Type.Number(),
  level: Type.Number(),
  reorderPoint: Type.Number(),
  sku: Type.Union([Type.String(), Type.Null()]),
  policy: PolicySchema,
  daysLeft: Type.Union([Type.Number(), Type.Null()]),
  storeId: Type.String(),
  marginDays: Type.Number(),
  reorderQuantity: Type.Union([Type.Integer(), Type.Null()]),
  ratePerDay: Type.Union([Type.Number(), Type.Null()]),
  levelAt: Type.Union([Type.String(), Type.Null()]),
  reorderDue: Type.Boolean(),
  deviceIds: Type.Array(Type.String()),
});

const PolicyInput = StrictObject({
  mode: Type.Optional(PolicyMode),
  maxPerOrder: Type.Optional(Money),
  maxPerMonth: Type.Optional(Money),
  cancelWindowHours: Type.Optional(Type.Number({ minimum: 0, maximum: 24 * 14 })),
});

const Sku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const StoreId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' });

export const NewSupplyBody = StrictObject({
  name: Name,
  unit: Unit,
  capacity: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
  level: Type.Optional(Amount),
  reorderPoint: Type.Optional(Amount),
  sku: Type.Optional(Type.Union([Sku, Type.Null()])),
  storeId: Type.Optional(StoreId),
  policy: Type.Optional(PolicyInput),
  marginDays: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
  reorderQuantity: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()])),
});
export type NewSupplyBody = Static<typeof NewSupplyBody>;

/** Every field of a new supply but its unit (a level history in another unit would be meaningless), all optional. */
export const SupplyPatchBody = Type.Partial(Type.Omit(NewSupplyBody, ['unit']), { additionalProperties: false, minProperties: 1 });

export const NewDeviceBody = StrictObject({
  name: Name,
  kind: Type.String({ minLength: 1, maxLength: 40, description: 'fridge, printer, filter, scale…' }),
  supplyIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }),
});

export const DeviceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  supplyIds: Type.Array(Type.String()),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});

export const ReadingSchema = StrictObject({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  supplyId: Type.String({ minLength: 1, maxLength: 64 }),
  level: Type.Number(),
  unit: Unit,
  /** Judged per reading by the ingestion (a bad one is `invalidTimestamp`), so the form is only bounded here. */
  at: Type.Union([
    Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 with an offset; Unix seconds or milliseconds as text; or a local date-time, read in the household time zone' }),
    Type.Number({ description: 'Unix time in seconds or milliseconds' }),
  ]),
});

/** The HTTP body and the MQTT payload alike. */
export const TelemetryBody = StrictObject({
  readings: Type.Array(ReadingSchema, { minItems: 1, maxItems: 500 }),
});
export type TelemetryBody = Static<typeof TelemetryBody>;

export const TelemetryResponse = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.Union([Type.Literal('stored'), Type.Literal('duplicate'), Type.Literal('rejected')]),
      reason: Type.Optional(Type.String()),
    }),
  ),
});

/** Over MQTT the body may carry the device token, for brokers that cannot restrict topics per device. */
export const MqttTelemetryPayload = StrictObject({
  readings: TelemetryBody.properties.readings,
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

export const HistoryQuery = StrictObject({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, description: 'how far back (30 by default)' })),
});

/** What a level chart draws: the readings, the forecast line to empty, the reorder point. */
export const SupplyHistory = Type.Object({
  supplyId: Type.String(),
  unit: Type.String(),
  capacity: Type.Number(),
  reorderPoint: Type.Number(),
  readings: Type.Array(Type.Object({ at: Type.String(), level: Type.Number() })),
  forecast: Type.Union([
    Type.Object({
      /** The trend's level at its last reading (robust to the last noisy reading). */
      from: Type.Object({ at: Type.String(), level: Type.Number() }),
      ratePerDay: Type.Number(),
      /** When the trend reaches zero; null when nothing is being used. */
      emptyAt: Type.Union([Type.String(), Type.Null()]),
      /** When it crosses the reorder point; null when it never does or already has. */
      reorderAt: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type SupplyHistory = Static<typeof SupplyHistory>;
