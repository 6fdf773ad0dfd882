import { Type, type Static } from '@sinclair/typebox';

/** The envelope Google sends to a smart home fulfillment; the intent's payload is checked per intent. */
export const SmartHomeRequest = Type.Object({
  requestId: Type.String({ minLength: 1, maxLength: 200 }),
  inputs: Type.Array(Type.Object({ intent: Type.String({ maxLength: 100 }), payload: Type.Optional(Type.Unknown()) }), { minItems: 1, maxItems: 1 }),
});
export type SmartHomeRequest = Static<typeof SmartHomeRequest>;

const DeviceRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const QueryPayload = Type.Object({ devices: Type.Array(DeviceRef, { maxItems: 500 }) });

export const ExecutePayload = Type.Object({
  commands: Type.Array(
    Type.Object({
      devices: Type.Array(DeviceRef, { minItems: 1, maxItems: 500 }),
      execution: Type.Array(
        Type.Object({
          command: Type.String({ maxLength: 200 }),
          params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          challenge: Type.Optional(Type.Object({ ack: Type.Optional(Type.Boolean()), pin: Type.Optional(Type.String()) })),
        }),
        { minItems: 1, maxItems: 20 },
      ),
    }),
    { minItems: 1, maxItems: 50 },
  ),
});
export type ExecutePayload = Static<typeof ExecutePayload>;

export const INTENTS = ['action.devices.SYNC', 'action.devices.QUERY', 'action.devices.EXECUTE', 'action.devices.DISCONNECT'] as const;
