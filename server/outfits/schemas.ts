import { Type } from '@sinclair/typebox';
import { IsoDate, IsoDateTime, StrictObject } from '@server/core/schemas';
import { DRESS_CODES, WEATHER_TYPES } from '@server/day-context/types';
import { FEEDBACK_RATINGS } from '@models/personalisation';
import { BRING_ITEMS } from './engine/bring';

const ProfileRef = Type.String({ minLength: 1, maxLength: 64 });
const WeatherType = Type.Union(WEATHER_TYPES.map((w) => Type.Literal(w)));
const DressCode = Type.Union(DRESS_CODES.map((d) => Type.Literal(d)));
const Temperature = Type.Number({ minimum: -60, maximum: 60 });
const Wind = Type.Number({ minimum: 0, maximum: 80 });
const Precipitation = Type.Number({ minimum: 0, maximum: 500 });
const Probability = Type.Number({ minimum: 0, maximum: 100 });

const HourlyOverride = StrictObject({
  time: IsoDateTime,
  temperature: Temperature,
  apparentTemperature: Type.Optional(Temperature),
  humidity: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
  windSpeed: Type.Optional(Wind),
  precipitation: Type.Optional(Precipitation),
  precipitationProbability: Type.Optional(Type.Union([Probability, Type.Null()])),
  weatherType: Type.Optional(WeatherType),
});

const ConstantWeather = StrictObject({
  temperature: Temperature,
  apparentTemperature: Type.Optional(Temperature),
  windSpeed: Type.Optional(Wind),
  precipitation: Type.Optional(Precipitation),
  precipitationProbability: Type.Optional(Probability),
  weatherType: Type.Optional(WeatherType),
});

const EventOverride = StrictObject({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  start: Type.Union([IsoDateTime, IsoDate]),
  end: Type.Union([IsoDateTime, IsoDate]),
  allDay: Type.Optional(Type.Boolean()),
  location: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  dressCode: Type.Optional(DressCode),
});

export const SuggestBody = StrictObject({
  date: Type.Optional(IsoDate),
  profile: Type.Optional(ProfileRef),
  weather: Type.Optional(Type.Union([StrictObject({ hourly: Type.Array(HourlyOverride, { minItems: 1, maxItems: 72 }) }), ConstantWeather])),
  events: Type.Optional(Type.Array(EventOverride, { maxItems: 50 })),
});

export const TodayQuery = StrictObject({
  date: Type.Optional(IsoDate),
  profile: Type.Optional(ProfileRef),
});

export const FeedbackBody = StrictObject({
  garmentIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 }),
  rating: Type.Union(FEEDBACK_RATINGS.map((r) => Type.Literal(r))),
  date: Type.Optional(IsoDate),
  profile: Type.Optional(ProfileRef),
});

export const FeedbackResponse = Type.Object({
  id: Type.String(),
  profileId: Type.String(),
  date: Type.String(),
  rating: Type.String(),
  garmentIds: Type.Array(Type.String()),
  learned: Type.Boolean(),
});

export const ProfileQuery = StrictObject({ profile: Type.Optional(ProfileRef) });

export const PersonalisationResponse = Type.Object({
  profileId: Type.String(),
  learning: Type.Boolean(),
  comfortOffset: Type.Number(),
  feedbackCount: Type.Integer(),
});

/** Loose on purpose where the day-context capability owns the shape (weather, events, windows). */
export const SuggestionResponse = Type.Object({
  outfits: Type.Array(Type.Object({ garmentIds: Type.Array(Type.String()), score: Type.Number(), explanation: Type.String() })),
  bring: Type.Array(Type.Union(BRING_ITEMS.map((b) => Type.Literal(b)))),
  bringLabels: Type.Array(Type.String()),
  context: Type.Object({
    date: Type.String(),
    profileId: Type.String(),
    weather: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    typicalWeather: Type.Boolean(),
    events: Type.Array(Type.Object({}, { additionalProperties: true })),
    dressCode: DressCode,
    outdoorWindows: Type.Array(Type.Object({}, { additionalProperties: true })),
  }),
  missing: Type.Array(Type.String()),
  message: Type.Union([Type.String(), Type.Null()]),
  notes: Type.Array(Type.String()),
  personalised: Type.Boolean(),
});

export const SwapBody = StrictObject({
  garmentIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 }),
  replace: Type.String({ minLength: 1, maxLength: 64, description: 'the garment to change for the next best one' }),
  date: Type.Optional(IsoDate),
  profile: Type.Optional(ProfileRef),
});

export const SwapResponse = Type.Object({
  garmentIds: Type.Array(Type.String()),
  replaced: Type.String(),
  added: Type.Array(Type.String()),
  explanation: Type.String(),
});
