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
/** Columns the answer may leave out (a proxy, a self-hosted instance or a model without them). */
const OptionalNumArray = Type.Optional(NumArray);
const optionalNumbers = <K extends string>(keys: readonly K[]) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, OptionalNumArray])) as unknown as Record<K, typeof OptionalNumArray>);

/**
 * Only the time column and the temperature are needed; every other column is used when present
 * and computed or left empty when not (felt temperature from temperature, humidity and wind).
 */
const OpenMeteoResponse = Type.Object({
  timezone: Type.String(),
  utc_offset_seconds: Type.Number(),
  hourly_units: Type.Optional(Units),
  daily_units: Type.Optional(Units),
  current_units: Type.Optional(Units),
  hourly: Type.Intersect([Type.Object({ time: Type.Array(Type.String()), temperature_2m: NumArray }), optionalNumbers(HOURLY.filter((k) => k !== 'temperature_2m'))]),
  daily: Type.Optional(
    Type.Intersect([
      Type.Object({
        time: Type.Array(Type.String()),
        sunrise: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Null()]))),
        sunset: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Null()]))),
      }),
      optionalNumbers(['weather_code', 'temperature_2m_max', 'temperature_2m_min', 'precipitation_sum'] as const),
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

/** A column of `n` values, all null when the answer left it out; a column of another length is an invalid answer. */
function column(values: Column | undefined, n: number, name: string): Column {
  if (values === undefined) return new Array<null>(n).fill(null);
  if (values.length !== n) throw new ProviderError('invalid', `open-meteo: ${name} has ${values.length} values for ${n} times`);
  return values;
}

function parseHourly(body: OpenMeteoResponse, zone: string): HourlyWeather[] {
  const h = body.hourly;
  const n = h.time.length;
  const col = (key: (typeof HOURLY)[number]): Column => column(h[key], n, `hourly.${key}`);
  const [t2m, apparent, humidity, wind, precipitation, probability, code] = [
    col('temperature_2m'),
    col('apparent_temperature'),
    col('relative_humidity_2m'),
    col('wind_speed_10m'),
    col('precipitation'),
    col('precipitation_probability'),
    col('weather_code'),
  ];
  const c = converters(body.hourly_units, 'temperature_2m', 'wind_speed_10m', 'precipitation');
  const rows: HourlyWeather[] = [];
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const instant = instantOf(h.time[i], body.utc_offset_seconds);
    if (instant == null || instant <= previous) throw new ProviderError('invalid', `open-meteo: bad or out-of-order time ${h.time[i]}`);
    previous = instant;
    const t = t2m[i];
    if (t == null) continue;
    rows.push(hourRow(isoInZone(instant, zone), { t, at: apparent[i], rh: humidity[i], ws: wind[i], p: precipitation[i], pp: probability[i], code: code[i] }, c));
  }
  return rows;
}

function parseDaily(body: OpenMeteoResponse, zone: string): DailyWeather[] {
  const d = body.daily;
  if (!d) return [];
  const n = d.time.length;
  const max = column(d.temperature_2m_max, n, 'daily.temperature_2m_max');
  const min = column(d.temperature_2m_min, n, 'daily.temperature_2m_min');
  const sum = column(d.precipitation_sum, n, 'daily.precipitation_sum');
  const code = column(d.weather_code, n, 'daily.weather_code');
  const sunrise = d.sunrise ?? new Array<null>(n).fill(null);
  const sunset = d.sunset ?? new Array<null>(n).fill(null);
  if (sunrise.length !== n || sunset.length !== n) throw new ProviderError('invalid', `open-meteo: daily sunrise/sunset do not have ${n} values`);
  const c = converters(body.daily_units, 'temperature_2m_max', 'wind_speed_10m', 'precipitation_sum');
  const wall = (s: string | null): string | null => {
    const instant = s ? instantOf(s, body.utc_offset_seconds) : null;
    return instant == null ? null : isoInZone(instant, zone);
  };
  const days: DailyWeather[] = [];
  for (let i = 0; i < n; i++) {
    const high = max[i];
    const low = min[i];
    if (high == null || low == null) continue;
    const precipitationSum = c.precipitation(sum[i] ?? 0);
    days.push({
      date: d.time[i],
      min: c.temperature(low),
      max: c.temperature(high),
      precipitationSum,
      weatherType: typeOf(code[i], precipitationSum),
      sunrise: wall(sunrise[i]),
      sunset: wall(sunset[i]),
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

