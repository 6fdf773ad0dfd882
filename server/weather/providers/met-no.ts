import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { WeatherType } from '@server/day-context/types';
import { apparentTemperature, round1 } from '../apparent-temperature';
import { isoInZone, localDate } from '../local-time';
import { sunTimes } from '../solar';
import { ProviderError, type DailyWeather, type ForecastQuery, type HourlyWeather, type NormalisedForecast, type WeatherProvider } from '../types';
import { precipitationToMm, speedToMs, temperatureToCelsius } from '../units';
import { dominantType, fromMetSymbol } from '../weather-codes';
import { HOUR_MS } from '@server/core/durations';

/**
 * MET Norway locationforecast 2.0 "complete" (https://api.met.no/weatherapi/locationforecast/2.0/documentation).
 * Its terms of service require an identifying User-Agent (a bare library default is answered 403)
 * and at most 4 decimals in coordinates. Hourly steps for about 2.5 days, then 6-hourly ones: only
 * the hourly steps become `hourly` rows; every step feeds the derived `daily` rows.
 */
export const MET_USER_AGENT = 'Miroir/0.1 github.com/miroir-home';

const Num = Type.Number();
const Period = Type.Object({
  summary: Type.Optional(Type.Object({ symbol_code: Type.String() })),
  details: Type.Optional(
    Type.Object({
      precipitation_amount: Type.Optional(Num),
      probability_of_precipitation: Type.Optional(Num),
      air_temperature_max: Type.Optional(Num),
      air_temperature_min: Type.Optional(Num),
    }),
  ),
});
const Step = Type.Object({
  time: Type.String(),
  data: Type.Object({
    instant: Type.Object({
      details: Type.Object({ air_temperature: Num, relative_humidity: Type.Optional(Num), wind_speed: Type.Optional(Num) }),
    }),
    next_1_hours: Type.Optional(Period),
    next_6_hours: Type.Optional(Period),
    next_12_hours: Type.Optional(Period),
  }),
});
const MetResponse = Type.Object({
  properties: Type.Object({
    meta: Type.Object({ updated_at: Type.String(), units: Type.Record(Type.String(), Type.String()) }),
    timeseries: Type.Array(Step),
  }),
});
type MetResponse = Static<typeof MetResponse>;
type MetStep = Static<typeof Step>;


interface DayAccumulator {
  min: number;
  max: number;
  precipitation: number;
  types: Array<{ type: WeatherType; hours: number }>;
  coveredHours: number;
}

function symbolType(symbol: string | undefined, precipitation: number): WeatherType {
  const known = symbol ? fromMetSymbol(symbol) : null;
  return known ?? (precipitation >= 0.1 ? 'rain' : 'cloudy');
}

export function createMetNo(baseUrl: string): WeatherProvider {
  return {
    name: 'met-no',
    request(query: ForecastQuery) {
      const params = new URLSearchParams({ lat: String(Number(query.latitude.toFixed(4))), lon: String(Number(query.longitude.toFixed(4))) });
      return {
        url: `${baseUrl}/locationforecast/2.0/complete?${params.toString()}`,
        headers: { accept: 'application/json', 'user-agent': MET_USER_AGENT },
      };
    },
    parse(body: unknown, query: ForecastQuery): NormalisedForecast {
      if (!Value.Check(MetResponse, body)) {
        const first = Value.Errors(MetResponse, body).First();
        throw new ProviderError('invalid', `met-no: unexpected body at ${first?.path ?? '/'}: ${first?.message ?? 'invalid'}`);
      }
      return parseMet(body, query);
    },
  };
}

function parseMet(body: MetResponse, query: ForecastQuery): NormalisedForecast {
  const units = body.properties.meta.units;
  const toC = temperatureToCelsius(units.air_temperature);
  const toMs = speedToMs(units.wind_speed);
  const toMm = precipitationToMm(units.precipitation_amount);
  if (!toC || !toMs || !toMm) throw new ProviderError('invalid', `met-no: unknown units ${JSON.stringify(units)}`);
  const zone = query.timezone;

  const steps: Array<{ at: number; step: MetStep }> = [];
  let previous = -Infinity;
  for (const step of body.properties.timeseries) {
    const at = Date.parse(step.time);
    if (Number.isNaN(at) || at <= previous) throw new ProviderError('invalid', `met-no: time out of order or invalid: ${step.time}`);
    previous = at;
    steps.push({ at, step });
  }
  if (steps.length === 0) throw new ProviderError('empty', 'met-no: empty timeseries');

  const hourly: HourlyWeather[] = [];
  const days = new Map<string, DayAccumulator>();
  // Precipitation and types are counted once per hour: a 6-hour step only for the hours the hourly steps do not cover.
  let coveredUntil = -Infinity;
  for (const { at, step } of steps) {
    const details = step.data.instant.details;
    const temperature = toC(details.air_temperature);
    const windSpeed = toMs(details.wind_speed ?? 0);
    const humidity = details.relative_humidity ?? null;
    const date = localDate(at, zone);
    const day = days.get(date) ?? { min: Infinity, max: -Infinity, precipitation: 0, types: [], coveredHours: 0 };
    days.set(date, day);
    day.min = Math.min(day.min, temperature);
    day.max = Math.max(day.max, temperature);

    const one = step.data.next_1_hours;
    const six = step.data.next_6_hours;
    if (one) {
      const precipitation = toMm(one.details?.precipitation_amount ?? 0);
      const weatherType = symbolType(one.summary?.symbol_code, precipitation);
      hourly.push({
        time: isoInZone(at, zone),
        temperature,
        apparentTemperature: humidity == null ? temperature : apparentTemperature(temperature, humidity, windSpeed),
        humidity,
        windSpeed,
        precipitation,
        precipitationProbability: one.details?.probability_of_precipitation ?? null,
        weatherType,
      });
      if (at >= coveredUntil) {
        day.precipitation += precipitation;
        day.types.push({ type: weatherType, hours: 1 });
        day.coveredHours += 1;
        coveredUntil = at + HOUR_MS;
      }
    } else if (six && at >= coveredUntil) {
      const precipitation = toMm(six.details?.precipitation_amount ?? 0);
      day.precipitation += precipitation;
      day.types.push({ type: symbolType(six.summary?.symbol_code, precipitation), hours: 6 });
      day.coveredHours += 6;
      if (six.details?.air_temperature_min != null) day.min = Math.min(day.min, toC(six.details.air_temperature_min));
      if (six.details?.air_temperature_max != null) day.max = Math.max(day.max, toC(six.details.air_temperature_max));
      coveredUntil = at + 6 * HOUR_MS;
    }
  }

  const first = localDate(steps[0].at, zone);
  const daily: DailyWeather[] = [];
  for (const [date, day] of days) {
    // The forecast's last day is often one lone step: not a day's worth to summarise. Today is kept however short.
    if (date !== first && day.coveredHours < 12) continue;
    const sun = sunTimes(date, query.latitude, query.longitude);
    daily.push({
      date,
      min: day.min,
      max: day.max,
      precipitationSum: round1(day.precipitation),
      weatherType: day.types.length > 0 ? dominantType(day.types) : 'cloudy',
      sunrise: sun.sunrise ? isoInZone(sun.sunrise, zone) : null,
      sunset: sun.sunset ? isoInZone(sun.sunset, zone) : null,
    });
  }
  if (hourly.length === 0) throw new ProviderError('empty', 'met-no: no hourly steps');
  return { hourly, daily, current: null };
}
