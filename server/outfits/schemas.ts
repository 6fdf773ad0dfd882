import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, IsoDateTime, StrictObject } from '@server/core/schemas';
import { DRESS_CODES, WEATHER_TYPES } from '@server/day-context/types';
import { FEEDBACK_RATINGS } from '@models/personalisation';
import { GarmentSchema } from '@server/wardrobe/schemas';
import { BRING_ITEMS } from './engine/bring';

const ProfileRef = Type.String({ minLength: 1, maxLength: 64 });
const WeatherType = Type.Union(WEATHER_TYPES.map((w) => Type.Literal(w)));
const DressCode = Type.Union(DRESS_CODES.map((d) => Type.Literal(d)));
const Temperature = Type.Number({ minimum: -60, maximum: 60 });
const Wind = Type.Number({ minimum: 0, maximum: 80 });
const Precipitation = Type.Number({ minimum: 0, maximum: 500 });
const Probability = Type.Number({ minimum: 0, maximum: 100 });

/**
 * One hour of a what-if forecast: a row of `GET /api/v1/weather`'s `hourly` as it was returned
 * (fields Miroir adds later are ignored), or a hand-written row with only time and temperature.
 */
const HourlyOverride = Type.Object(
  {
    time: IsoDateTime,
    temperature: Temperature,
    apparentTemperature: Type.Optional(Temperature),
    humidity: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
    windSpeed: Type.Optional(Wind),
    precipitation: Type.Optional(Precipitation),
    precipitationProbability: Type.Optional(Type.Union([Probability, Type.Null()])),
    weatherType: Type.Optional(WeatherType),
  },
  { additionalProperties: true },
);

/**
 * A forecast document: what `GET /api/v1/weather` returns, taken back whole. Only `hourly` is
 * read; `current`, `daily`, `provider`, `fetchedAt`, `stale`… are ignored. Up to 16 days of hours
 * (the longest forecast a provider gives). Empty hours (an unavailable forecast) mean no weather.
 */
const WeatherDocument = Type.Object({ hourly: Type.Array(HourlyOverride, { maxItems: 16 * 24 + 2 }) }, { additionalProperties: true });

/**
 * A suggestion's own `context.weather` (the outdoor hours of `GET /api/v1/outfits/today`), taken
 * back whole: its `hours` are the rows; the summary figures are recomputed from them.
 */
const OutdoorWeatherDocument = Type.Object({ hours: Type.Array(HourlyOverride, { maxItems: 48 }) }, { additionalProperties: true });

const ConstantWeather = StrictObject({
  temperature: Temperature,
  apparentTemperature: Type.Optional(Temperature),
  windSpeed: Type.Optional(Wind),
  precipitation: Type.Optional(Precipitation),
  precipitationProbability: Type.Optional(Probability),
  weatherType: Type.Optional(WeatherType),
});

/**
 * One event of the what-if day: an event of `GET /api/v1/agenda` or of a suggestion's
 * `context.events` as it was returned (`uid`, `calendarId`, `activities` and fields added later
 * are ignored; a dress code given is kept), or a hand-written one. Events that do not
 * overlap the suggested day are left out, so a whole week's agenda can be posted back.
 */
const EventOverride = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    start: Type.Union([IsoDateTime, IsoDate]),
    end: Type.Union([IsoDateTime, IsoDate]),
    allDay: Type.Optional(Type.Boolean()),
    location: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    dressCode: Type.Optional(DressCode),
  },
  { additionalProperties: true },
);

export const SuggestBody = StrictObject({
  date: Type.Optional(IsoDate),
  profile: Type.Optional(ProfileRef),
  weather: Type.Optional(Type.Union([WeatherDocument, OutdoorWeatherDocument, ConstantWeather])),
  events: Type.Optional(Type.Array(EventOverride, { maxItems: 500 })),
});
export type SuggestBody = Static<typeof SuggestBody>;

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

/** Today's suggestion with the garments its outfits name (GarmentSchema, as the wardrobe lists them). */
export const TodayResponse = Type.Object({ ...SuggestionResponse.properties, garments: Type.Array(GarmentSchema) });

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
