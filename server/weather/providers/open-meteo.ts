import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { WeatherType } from '@server/day-context/types';
import { apparentTemperature } from '../apparent-temperature';
import { isoInZone } from '../local-time';
import { ProviderError, type DailyWeather, type ForecastQuery, type HourlyWeather, type NormalisedForecast, type WeatherProvider } from '../types';
import { precipitationToMm, speedToMs, temperatureToCelsius } from '../units';
import { fromWmoCode } from '../weather-codes';

/**
 * Open-Meteo forecast API (https://open-meteo.com/en/docs): no key, WMO codes. Times come as local
 * wall times without offset, but computed with ONE fixed `utc_offset_seconds` for the whole answer
 * (open-meteo/open-meteo#488): across a DST change they are not the zone's wall times. So they are
 * read with that fixed offset, then written in the household's zone, DST and all.
 */
const HOURLY = [
  'temperature_2m',
  'apparent_temperature',
  'relative_humidity_2m',
  'precipitation',
  'precipitation_probability',
  'weather_code',
  'wind_speed_10m',
] as const;
const DAILY = ['weather_code', 'temperature_2m_max', 'temperature_2m_min', 'precipitation_sum', 'sunrise', 'sunset'] as const;
const CURRENT = ['temperature_2m', 'apparent_temperature', 'relative_humidity_2m', 'precipitation', 'weather_code', 'wind_speed_10m'] as const;

const Num = Type.Union([Type.Number(), Type.Null()]);
const Units = Type.Record(Type.String(), Type.String());
const NumArray = Type.Array(Num);
const numbers = <K extends string>(keys: readonly K[]) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, NumArray])) as unknown as Record<K, typeof NumArray>);

const OpenMeteoResponse = Type.Object({
  timezone: Type.String(),
  utc_offset_seconds: Type.Number(),
  hourly_units: Type.Optional(Units),
  daily_units: Type.Optional(Units),
  current_units: Type.Optional(Units),
  hourly: Type.Intersect([Type.Object({ time: Type.Array(Type.String()) }), numbers(HOURLY)]),
  daily: Type.Optional(
    Type.Intersect([
      Type.Object({ time: Type.Array(Type.String()), sunrise: Type.Array(Type.Union([Type.String(), Type.Null()])), sunset: Type.Array(Type.Union([Type.String(), Type.Null()])) }),
      numbers(['weather_code', 'temperature_2m_max', 'temperature_2m_min', 'precipitation_sum'] as const),
    ]),
  ),
  current: Type.Optional(
    Type.Object({
      time: Type.String(),
      temperature_2m: Num,
      apparent_temperature: Type.Optional(Num),
      relative_humidity_2m: Type.Optional(Num),
      precipitation: Type.Optional(Num),
      weather_code: Type.Optional(Num),
      wind_speed_10m: Type.Optional(Num),
    }),
  ),
});
type OpenMeteoResponse = Static<typeof OpenMeteoResponse>;
type Column = ReadonlyArray<number | null>;

const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A wall time printed with the answer's fixed offset, as an instant; null when malformed. */
function instantOf(wall: string, offsetSeconds: number): number | null {
  if (!WALL_TIME.test(wall)) return null;
  const asUtc = Date.parse(`${wall}Z`);
  return Number.isNaN(asUtc) ? null : asUtc - offsetSeconds * 1000;
}

interface Converters {
  temperature: (v: number) => number;
  speed: (v: number) => number;
  precipitation: (v: number) => number;
}

function converters(units: Record<string, string> | undefined, temperatureKey: string, windKey: string, precipitationKey: string): Converters {
  const temperature = temperatureToCelsius(units?.[temperatureKey]);
  const speed = speedToMs(units?.[windKey]);
  const precipitation = precipitationToMm(units?.[precipitationKey]);
  if (!temperature || !speed || !precipitation) {
    throw new ProviderError('invalid', `open-meteo: unknown units ${JSON.stringify(units)}`);
  }
  return { temperature, speed, precipitation };
}

/** Unknown code with rain falling still reads as rain; otherwise the neutral "cloudy". */
function typeOf(code: number | null | undefined, precipitation: number): WeatherType {
  const known = code == null ? null : fromWmoCode(code);
  return known ?? (precipitation >= 0.1 ? 'rain' : 'cloudy');
}

function hourRow(
  time: string,
  v: { t: number; at: number | null; rh: number | null; ws: number | null; p: number | null; pp: number | null; code: number | null },
  c: Converters,
): HourlyWeather {
  const temperature = c.temperature(v.t);
  const windSpeed = v.ws == null ? 0 : c.speed(v.ws);
  const precipitation = v.p == null ? 0 : c.precipitation(v.p);
  const apparent =
    v.at != null ? c.temperature(v.at) : v.rh != null ? apparentTemperature(temperature, v.rh, windSpeed) : temperature;
  return {
    time,
    temperature,
    apparentTemperature: apparent,
    humidity: v.rh,
    windSpeed,
    precipitation,
    precipitationProbability: v.pp,
    weatherType: typeOf(v.code, precipitation),
  };
}

function parseHourly(body: OpenMeteoResponse, zone: string): HourlyWeather[] {
  const h = body.hourly as OpenMeteoResponse['hourly'] & Record<(typeof HOURLY)[number], Column>;
  const n = h.time.length;
  for (const key of HOURLY) {
    if (h[key].length !== n) throw new ProviderError('invalid', `open-meteo: hourly.${key} has ${h[key].length} values for ${n} times`);
  }
  const c = converters(body.hourly_units, 'temperature_2m', 'wind_speed_10m', 'precipitation');
  const rows: HourlyWeather[] = [];
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const instant = instantOf(h.time[i], body.utc_offset_seconds);
    if (instant == null || instant <= previous) throw new ProviderError('invalid', `open-meteo: bad or out-of-order time ${h.time[i]}`);
    previous = instant;
    const t = h.temperature_2m[i];
    if (t == null) continue;
    rows.push(
      hourRow(
        isoInZone(instant, zone),
        {
          t,
          at: h.apparent_temperature[i],
          rh: h.relative_humidity_2m[i],
          ws: h.wind_speed_10m[i],
          p: h.precipitation[i],
          pp: h.precipitation_probability[i],
          code: h.weather_code[i],
        },
        c,
      ),
    );
  }
  return rows;
}

function parseDaily(body: OpenMeteoResponse, zone: string): DailyWeather[] {
  const d = body.daily;
  if (!d) return [];
  const n = d.time.length;
  const columns = d as typeof d & Record<'weather_code' | 'temperature_2m_max' | 'temperature_2m_min' | 'precipitation_sum', Column>;
  for (const key of ['weather_code', 'temperature_2m_max', 'temperature_2m_min', 'precipitation_sum', 'sunrise', 'sunset'] as const) {
    if (columns[key].length !== n) throw new ProviderError('invalid', `open-meteo: daily.${key} has ${columns[key].length} values for ${n} days`);
  }
  const c = converters(body.daily_units, 'temperature_2m_max', 'wind_speed_10m', 'precipitation_sum');
  const wall = (s: string | null): string | null => {
    const instant = s ? instantOf(s, body.utc_offset_seconds) : null;
    return instant == null ? null : isoInZone(instant, zone);
  };
  const days: DailyWeather[] = [];
  for (let i = 0; i < n; i++) {
    const max = columns.temperature_2m_max[i];
    const min = columns.temperature_2m_min[i];
    if (max == null || min == null) continue;
    const precipitationSum = c.precipitation(columns.precipitation_sum[i] ?? 0);
    days.push({
      date: d.time[i],
      min: c.temperature(min),
      max: c.temperature(max),
      precipitationSum,
      weatherType: typeOf(columns.weather_code[i], precipitationSum),
      sunrise: wall(d.sunrise[i]),
      sunset: wall(d.sunset[i]),
    });
  }
  return days;
}

function parseCurrent(body: OpenMeteoResponse, zone: string): HourlyWeather | null {
  const cur = body.current;
  if (!cur || cur.temperature_2m == null) return null;
  const instant = instantOf(cur.time, body.utc_offset_seconds);
  if (instant == null) return null;
  const c = converters(body.current_units, 'temperature_2m', 'wind_speed_10m', 'precipitation');
  return hourRow(
    isoInZone(instant, zone),
    {
      t: cur.temperature_2m,
      at: cur.apparent_temperature ?? null,
      rh: cur.relative_humidity_2m ?? null,
      ws: cur.wind_speed_10m ?? null,
      p: cur.precipitation ?? null,
      pp: null,
      code: cur.weather_code ?? null,
    },
    c,
  );
}

export function createOpenMeteo(baseUrl: string): WeatherProvider {
  return {
    name: 'open-meteo',
    request(query: ForecastQuery) {
      const params = new URLSearchParams({
        latitude: String(query.latitude),
        longitude: String(query.longitude),
        hourly: HOURLY.join(','),
        daily: DAILY.join(','),
        current: CURRENT.join(','),
        timezone: query.timezone,
        wind_speed_unit: 'ms',
        temperature_unit: 'celsius',
        precipitation_unit: 'mm',
        forecast_days: '7',
      });
      return { url: `${baseUrl}/forecast?${params.toString()}`, headers: { accept: 'application/json' } };
    },
    parse(body: unknown, query: ForecastQuery): NormalisedForecast {
      if (!Value.Check(OpenMeteoResponse, body)) {
        const first = Value.Errors(OpenMeteoResponse, body).First();
        throw new ProviderError('invalid', `open-meteo: unexpected body at ${first?.path ?? '/'}: ${first?.message ?? 'invalid'}`);
      }
      const hourly = parseHourly(body, query.timezone);
      if (hourly.length === 0) throw new ProviderError('empty', 'open-meteo: no hourly rows');
      return { hourly, daily: parseDaily(body, query.timezone), current: parseCurrent(body, query.timezone) };
    },
  };
}

