import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';
import { MAX_TOPIC_LENGTH } from './topics';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Topic = Type.String({ minLength: 1, maxLength: MAX_TOPIC_LENGTH, description: 'MQTT topic filter; `+` and `#` allowed (not as the first level)' });
const Pointer = Type.String({ maxLength: 200, description: "RFC 6901 JSON Pointer to the value, e.g. /HX711/Weight; '' for a payload that is a plain number" });
const Unit = Type.String({ minLength: 1, maxLength: 16, description: 'unit of value × scale + offset: g, kg, lb, oz, ml, cl, L, mm, cm, m, %, or the supply’s own unit' });
const Scale = Type.Number({ minimum: -1e6, maximum: 1e6, description: 'level = value × scale + offset (a tank’s depth-to-litres); default 1' });
const Offset = Type.Number({ minimum: -1e6, maximum: 1e6, description: 'a load cell’s tare (negative), default 0' });
const MinInterval = Type.Integer({ minimum: 0, maximum: 86_400, description: 'at most one reading per this many seconds; default 60' });

export const NewBindingBody = StrictObject({
  deviceId: Id,
  supplyId: Id,
  topic: Topic,
  pointer: Pointer,
  unit: Unit,
  scale: Type.Optional(Scale),
  offset: Type.Optional(Offset),
  minIntervalSeconds: Type.Optional(MinInterval),
});
export type NewBindingBody = Static<typeof NewBindingBody>;

/** Everything but the device and the supply (a binding moved elsewhere is a new binding). */
export const BindingPatchBody = Type.Partial(Type.Omit(NewBindingBody, ['deviceId', 'supplyId']), { additionalProperties: false, minProperties: 1 });
export type BindingPatchBody = Static<typeof BindingPatchBody>;

export const BindingOutcomeSchema = Type.Union(
  ['stored', 'duplicate', 'rateLimited', 'retained', 'missingField', 'notANumber', 'rejected', 'refused'].map((o) => Type.Literal(o)),
);

export const BindingSchema = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  supplyId: Type.String(),
  topic: Type.String(),
  pointer: Type.String(),
  unit: Type.String(),
  scale: Type.Number(),
  offset: Type.Number(),
  minIntervalSeconds: Type.Integer(),
  createdAt: Type.String(),
  /** What this server made of the last message that matched (null until one arrives). */
  lastMessage: Type.Union([
    Type.Null(),
    Type.Object({
      at: Type.String(),
      topic: Type.String(),
      outcome: BindingOutcomeSchema,
      /** The rejection reason (e.g. aboveCapacity) or the refusal code (e.g. CONSENT_REQUIRED). */
      reason: Type.Optional(Type.String()),
      value: Type.Optional(Type.Number()),
      level: Type.Optional(Type.Number()),
    }),
  ]),
});

export const ListenBody = StrictObject({ topic: Topic });

export const ListenedMessageSchema = Type.Object({
  topic: Type.String(),
  receivedAt: Type.String(),
  retained: Type.Boolean(),
  /** The payload as text, cut at 2 KB. */
  payload: Type.String(),
  /** Every numeric field with its JSON Pointer, to pick one for a binding ('' = the payload is a number). */
  fields: Type.Array(Type.Object({ pointer: Type.String(), value: Type.Number() })),
});

export const ListenSessionSchema = Type.Object({
  id: Type.String(),
  topic: Type.String(),
  expiresAt: Type.String(),
  /** Newest first, at most 20. */
  messages: Type.Array(ListenedMessageSchema),
});
