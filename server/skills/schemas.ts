import { Type, type Static } from '@sinclair/typebox';

export const PairingCodeResponse = Type.Object({
  code: Type.String({ pattern: '^\\d{6}$', description: 'Six digits to say to the voice assistant' }),
  expiresAt: Type.String({ description: 'ISO 8601; the code works once, until then' }),
});
export type PairingCodeResponse = Static<typeof PairingCodeResponse>;

const LinkPlatform = Type.Union([Type.Literal('alexa'), Type.Literal('google')]);

export const VoiceLinksResponse = Type.Object({
  links: Type.Array(
    Type.Object({
      platform: LinkPlatform,
      /** Voice accounts paired with a code said aloud (Alexa). */
      accounts: Type.Integer(),
      /** Account-linking tokens (OAuth, or Google's stored link). */
      tokens: Type.Integer(),
      since: Type.String({ description: 'when the first live link was made' }),
    }),
  ),
});

export const PlatformParams = Type.Object({ platform: LinkPlatform });
export type PlatformParams = Static<typeof PlatformParams>;

/** The parts of an Alexa request envelope the adapter reads; Amazon adds fields freely. */
export const AlexaEnvelope = Type.Object({
  version: Type.String(),
  session: Type.Optional(Type.Unknown()),
  context: Type.Optional(
    Type.Object({
      System: Type.Object({ application: Type.Optional(Type.Object({ applicationId: Type.String() })) }),
    }),
  ),
  request: Type.Object({
    type: Type.String({ minLength: 1 }),
    requestId: Type.String({ minLength: 1 }),
    timestamp: Type.String({ minLength: 1 }),
    locale: Type.Optional(Type.String()),
  }),
});
export type AlexaEnvelope = Static<typeof AlexaEnvelope>;

/** A Dialogflow ES v2 WebhookRequest, as far as the fulfillment relies on it. */
export const DialogflowRequest = Type.Object({
  responseId: Type.String({ minLength: 1 }),
  session: Type.String({ minLength: 1 }),
  queryResult: Type.Object({
    queryText: Type.Optional(Type.String()),
    languageCode: Type.String({ minLength: 2 }),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    intent: Type.Object({ displayName: Type.String({ minLength: 1 }) }, { additionalProperties: true }),
  }, { additionalProperties: true }),
  originalDetectIntentRequest: Type.Optional(Type.Object({ source: Type.Optional(Type.String()), payload: Type.Optional(Type.Unknown()) }, { additionalProperties: true })),
}, { additionalProperties: true });
export type DialogflowRequest = Static<typeof DialogflowRequest>;
