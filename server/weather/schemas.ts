import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';
import { WEATHER_TYPES } from '@server/day-context/types';
import { WEATHER_PROVIDERS } from '@server/plugins/config';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const WeatherTypeSchema = Type.Union(WEATHER_TYPES.map((w) => Type.Literal(w)));

export const HourlyWeatherSchema = Type.Object({
  time: Type.String({ description: 'start of the hour, ISO 8601 with the household offset' }),
  temperature: Type.Number({ description: '°C' }),
  apparentTemperature: Type.Number({ description: '°C, felt' }),
  humidity: Nullable(Type.Number({ description: '%' })),
  windSpeed: Type.Number({ description: 'm/s' }),
  precipitation: Type.Number({ description: 'mm over the hour' }),
  precipitationProbability: Nullable(Type.Number({ description: '%' })),
  weatherType: WeatherTypeSchema,
});

export const DailyWeatherSchema = Type.Object({
  date: Type.String({ description: 'local date YYYY-MM-DD' }),
  min: Type.Number(),
  max: Type.Number(),
  precipitationSum: Type.Number(),
  weatherType: WeatherTypeSchema,
  sunrise: Nullable(Type.String()),
  sunset: Nullable(Type.String()),
});

export const WeatherQuery = StrictObject({
  hours: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 384, description: 'only the hours from the current one on (the one under way included), at most this many: a screen showing the next hours' }),
  ),
});

export const WeatherReportSchema = Type.Object(
  {
    current: Nullable(HourlyWeatherSchema),
    hourly: Type.Array(HourlyWeatherSchema),
    daily: Type.Array(DailyWeatherSchema),
    provider: Type.Union(WEATHER_PROVIDERS.map((p) => Type.Literal(p))),
    fetchedAt: Nullable(Type.String()),
    stale: Type.Boolean({ description: 'true when the provider could not be reached and this is an older forecast (or none)' }),
    unavailable: Type.Optional(
      Type.Object(
        {
          code: Type.Union([Type.Literal('NO_LOCATION'), Type.Literal('LOCATION_CONSENT_REQUIRED'), Type.Literal('WEATHER_UNAVAILABLE')]),
          message: Type.String(),
        },
        { description: 'present only when there is no forecast to show, saying why in the household language' },
      ),
    ),
  },
  { description: 'Always 200: a provider failure shows as stale or unavailable, never as an error status' },
);
export type WeatherReportBody = Static<typeof WeatherReportSchema>;

export const PlaceQuery = StrictObject({
  q: Type.String({ minLength: 2, maxLength: 100, pattern: '\\S', description: 'a city name' }),
  language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')], { description: 'the language of the names' })),
});

export const PlaceList = Type.Object({
  places: Type.Array(
    Type.Object({
      name: Type.String(),
      area: Type.String({ description: 'region and country' }),
      latitude: Type.Number(),
      longitude: Type.Number(),
      timezone: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
