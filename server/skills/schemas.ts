import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';

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

/** A field the adapter reads when it is there: absent and null are the same (ask-sdk's own fixtures send null). */
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
/** Objects of another platform's envelope: only the fields named are checked, the rest is theirs. */
const Loose = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: true });
const Id = Type.String({ maxLength: 1000 });
/** A BCP 47 tag as the platforms write it (`en-US`, `fr`, `es-419`, Dialogflow's `en-us`); the adapter picks the language. */
const LocaleTag = Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$' });

const AlexaUser = Loose({ userId: Maybe(Id), accessToken: Maybe(Type.String()) });
const AlexaApplication = Loose({ applicationId: Maybe(Id) });
const AlexaSlot = Loose({
  name: Maybe(Type.String()),
  value: Maybe(Type.String()),
  resolutions: Maybe(Loose({ resolutionsPerAuthority: Maybe(Type.Array(Loose({ status: Maybe(Loose({ code: Maybe(Type.String()) })), values: Maybe(Type.Array(Loose({ value: Loose({ id: Maybe(Id) }) }))) }))) })),
});

/**
 * The parts of an Alexa request envelope the adapter reads, and only those: what kind of request,
 * which intent with its slots and confirmation, the locale, the user, session, person and skill
 * ids, the device's interfaces. Everything else (version, requestId, timestamp…) may be missing or
 * null, as in ask-sdk's own fixtures; the signature verifier checks the timestamp on its own.
 */
export const AlexaEnvelope = Loose({
  session: Maybe(Loose({ sessionId: Maybe(Id), application: Maybe(AlexaApplication), user: Maybe(AlexaUser) })),
  context: Maybe(
    Loose({
      System: Maybe(
        Loose({
          application: Maybe(AlexaApplication),
          user: Maybe(AlexaUser),
          person: Maybe(Loose({ personId: Maybe(Id) })),
          device: Maybe(Loose({ supportedInterfaces: Maybe(Type.Record(Type.String(), Type.Unknown())) })),
        }),
      ),
    }),
  ),
  request: Loose({
    type: Type.String({ minLength: 1 }),
    requestId: Maybe(Id),
    timestamp: Maybe(Type.String()),
    locale: Maybe(LocaleTag),
    dialogState: Maybe(Type.String()),
    intent: Maybe(Loose({ name: Type.String({ minLength: 1 }), confirmationStatus: Maybe(Type.String()), slots: Maybe(Type.Record(Type.String(), AlexaSlot)) })),
  }),
});
export type AlexaEnvelope = Static<typeof AlexaEnvelope>;

/**
 * A Dialogflow ES v2 WebhookRequest, checked for what the answer depends on: the session (the
 * conversation and its contexts), the intent and its parameters, the locale (the Assistant user's
 * or the query's language) and the user's storage and access token. `responseId` and the rest may
 * be missing, as in actions-on-google's own minimal requests; without an intent the SDK answers
 * with the fallback, without a locale the adapter speaks English. Dialogflow writes proto3 JSON,
 * which leaves out empty fields rather than sending null: a null is refused (the SDK would trip on it).
 */
export const DialogflowRequest = Loose({
  session: Type.String({ minLength: 1, maxLength: 1000 }),
  queryResult: Type.Optional(
    Loose({
      queryText: Type.Optional(Type.String()),
      languageCode: Type.Optional(LocaleTag),
      parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      intent: Type.Optional(Loose({ displayName: Type.String({ minLength: 1 }) })),
      outputContexts: Type.Optional(Type.Array(Loose({ name: Type.String({ minLength: 1 }), parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }))),
    }),
  ),
  originalDetectIntentRequest: Type.Optional(
    Loose({
      source: Type.Optional(Type.String()),
      payload: Type.Optional(
        Loose({
          user: Type.Optional(Loose({ locale: Type.Optional(LocaleTag), userStorage: Type.Optional(Type.String()), accessToken: Type.Optional(Type.String()) })),
          conversation: Type.Optional(Loose({ conversationId: Type.Optional(Id) })),
          inputs: Type.Optional(Type.Array(Loose({}))),
          surface: Type.Optional(Loose({ capabilities: Type.Optional(Type.Array(Loose({ name: Type.String() }))) })),
        }),
      ),
    }),
  ),
});
export type DialogflowRequest = Static<typeof DialogflowRequest>;
