import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';
import { UNIT_SYSTEMS } from '@server/core/units';
import { CURRENCIES } from './currency';
import { COMFORTS } from './comfort';
import { TOKEN_SCOPES, URL_TOKEN_PURPOSES } from './tables';

export const CurrencyCode = Type.Union(CURRENCIES.map((c) => Type.Literal(c)), { description: 'ISO 4217; supply caps keep their amounts when it changes (nothing is converted)' });
export const UnitSystemSchema = Type.Union(UNIT_SYSTEMS.map((u) => Type.Literal(u)), { description: 'metric (°C, km/h, mm) or imperial (°F, mph, in): what the mirror, the app and voice replies show' });
export const ComfortSchema = Type.Union(COMFORTS.map((c) => Type.Literal(c)), { description: 'I run warm / neutral / I run cold: shifts the temperature this person dresses for' });
/** The id Alexa sends as `context.System.person.personId` (or a Google user id) for a recognised voice. */
export const VoicePersonId = Type.String({ minLength: 1, maxLength: 200, pattern: '^\\S+$' });

const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'local time HH:MM' });
export const Locale = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'BCP 47 locale, e.g. fr-FR' });
export const Timezone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Paris' });

export const SettingsSchema = Type.Object({
  commute: Type.Object({ leave: Time, return: Time, days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 }) }),
  nightMode: Type.Object({ enabled: Type.Boolean(), start: Time, end: Time }),
});

export const SettingsPatch = StrictObject({
  commute: Type.Optional(
    StrictObject({
      leave: Type.Optional(Time),
      return: Type.Optional(Time),
      days: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, uniqueItems: true })),
    }),
  ),
  nightMode: Type.Optional(StrictObject({ enabled: Type.Optional(Type.Boolean()), start: Type.Optional(Time), end: Type.Optional(Time) })),
});

export const ProfileSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  locale: Type.String(),
  isDefault: Type.Boolean(),
  comfort: ComfortSchema,
  voicePersonId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the voice profile linked to this person (not shown to the mirror’s display token)' })),
});

export const PersonRemovalSchema = Type.Object({
  garments: Type.Integer(),
  feedback: Type.Integer(),
  calendars: Type.Integer(),
});

export const HouseholdSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  locale: Type.String(),
  timezone: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.String(),
  units: UnitSystemSchema,
  demo: Type.Boolean({ description: 'the household `npm start` seeded to explore' }),
  settings: SettingsSchema,
  profiles: Type.Array(ProfileSchema),
});

export const HouseholdPatchBody = StrictObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  locale: Type.Optional(Locale),
  timezone: Type.Optional(Timezone),
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  currency: Type.Optional(CurrencyCode),
  units: Type.Optional(UnitSystemSchema),
  settings: Type.Optional(SettingsPatch),
});
export type HouseholdPatchBody = Static<typeof HouseholdPatchBody>;

const PersonName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });

export const NewProfileBody = StrictObject({
  name: PersonName,
  locale: Type.Optional(Locale),
  comfort: Type.Optional(ComfortSchema),
});
export const ProfilePatchBody = StrictObject({
  name: Type.Optional(PersonName),
  locale: Type.Optional(Type.Union([Locale, Type.Null()])),
  comfort: Type.Optional(ComfortSchema),
  voicePersonId: Type.Optional(Type.Union([VoicePersonId, Type.Null()], { description: 'null unlinks' })),
});

/** First run: the family's own household, made from the demo's app (see setup-routes.ts). */
export const SetupBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  locale: Locale,
  timezone: Timezone,
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  currency: Type.Optional(CurrencyCode),
  units: Type.Optional(UnitSystemSchema),
  people: Type.Array(StrictObject({ name: PersonName, locale: Type.Optional(Locale), comfort: Type.Optional(ComfortSchema) }), { minItems: 1, maxItems: 20 }),
  device: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'this phone, for its token label "<device> (setup)"' })),
});
export type SetupBody = Static<typeof SetupBody>;

export const SetupStatusSchema = Type.Object({
  available: Type.Boolean({ description: 'true while the only household of this Miroir is the demo and the asker belongs to it' }),
});

export const SetupResultSchema = Type.Object({
  household: HouseholdSchema,
  token: Type.String({ description: 'an app token for this phone in the new household, shown once' }),
  mirrorMoved: Type.Boolean({ description: 'a mirror.moved event (a claim id, no token) was sent to the demo household’s open mirrors' }),
});

export const MirrorClaimBody = StrictObject({
  claimId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9a-fA-F-]+$', description: 'the claim `mirror.moved` named' }),
});
export type MirrorClaimBody = Static<typeof MirrorClaimBody>;

export const ClaimedMirrorSchema = Type.Object({
  token: Type.String({ description: 'a display token of the family’s household for this mirror, shown once' }),
  household: Type.Object({ id: Type.String(), name: Type.String() }),
});

/** Tokens a person mints through the API; device tokens come with their device, link tokens with a voice link. */
export const MintableScope = Type.Union([Type.Literal('owner'), Type.Literal('app'), Type.Literal('display')]);

export const NewTokenBody = StrictObject({
  scope: MintableScope,
  label: Type.String({ minLength: 1, maxLength: 60, description: 'what the token is for, e.g. "kitchen mirror" or "Anna’s phone"' }),
});

export const TokenSchema = Type.Object({
  id: Type.String(),
  scope: Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s))),
  label: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()], { description: 'the device of a device token, the platform of a link token' }),
  createdAt: Type.String(),
  rotatedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()], { description: 'when a request last came with it (to the quarter hour); null: never' }),
  current: Type.Boolean({ description: 'the token this request carries' }),
});

export const IssuedTokenSchema = Type.Composite([TokenSchema, Type.Object({ token: Type.String({ description: 'the secret, shown this once' }) })]);
export const TokenListSchema = Type.Object({ tokens: Type.Array(TokenSchema) });

export const NewUrlTokenBody = StrictObject({
  purpose: Type.Union(URL_TOKEN_PURPOSES.map((p) => Type.Literal(p)), { description: 'events (the SSE stream), photo (a garment photo), file (an exported file)' }),
});
export const UrlTokenSchema = Type.Object({
  token: Type.String({ description: 'for ?access_token= on routes of this purpose only' }),
  purpose: Type.String(),
  expiresAt: Type.String(),
});

export const JoinCodeSchema = Type.Object({
  code: Type.String({ description: 'eight characters shown as K7QF-2M9D; typed in any case, with or without the dash' }),
  expiresAt: Type.String(),
  joinUrl: Type.String({ description: '<public address>/app#join=<code>: the QR code carries it' }),
  reachableFromPhones: Type.Boolean({ description: 'false when the server listens on loopback only: a phone cannot open joinUrl' }),
  addressReason: Type.Union(['configured', 'network', 'host', 'loopback', 'noNetwork'].map((r) => Type.Literal(r)), {
    description: 'how the address was chosen: MIROIR_PUBLIC_URL, the machine’s network address (HOST=0.0.0.0), HOST itself, loopback, or no network found',
  }),
});

export const RedeemJoinCodeBody = StrictObject({
  code: Type.String({ minLength: 1, maxLength: 32 }),
  deviceName: Type.String({ minLength: 1, maxLength: 200, description: 'this phone’s name, e.g. "Camille’s phone" (1–60 characters once trimmed)' }),
});
export type RedeemJoinCodeBody = Static<typeof RedeemJoinCodeBody>;

export const JoinedPhoneSchema = Type.Object({
  token: Type.String({ description: 'the phone’s own app token, shown this once' }),
  tokenId: Type.String(),
  label: Type.String(),
  scope: Type.Literal('app'),
  household: Type.Object({ id: Type.String(), name: Type.String() }),
});
