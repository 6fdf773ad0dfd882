import { DateTime } from 'luxon';
import type { ContextOverrides, HourlyWeather, OutdoorWeather, WeatherType } from './types';
import { HOUR_MS } from '@server/core/durations';

/** Wet enough to dress for: the threshold OutdoorWeather.firstWetHour documents. */
export const WET_PROBABILITY = 50;
export const WET_AMOUNT_MM = 0.3;

const round1 = (n: number): number => Math.round(n * 10) / 10;

export const isWet = (h: HourlyWeather): boolean => (h.precipitationProbability ?? 0) >= WET_PROBABILITY || h.precipitation >= WET_AMOUNT_MM;

/** The hourly rows whose hour overlaps one of the windows, in time order. */
export function hoursWithin(hourly: HourlyWeather[], windows: Array<{ start: number; end: number }>): HourlyWeather[] {
  return hourly
    .map((h) => ({ h, t: Date.parse(h.time) }))
    .filter(({ t }) => !Number.isNaN(t) && windows.some((w) => t < w.end && t + HOUR_MS > w.start))
    .sort((a, b) => a.t - b.t)
    .map(({ h }) => h);
}

/** Min/max felt and air temperature, wind, rain over the outdoor hours only; null with no hours. */
export function summarise(hours: HourlyWeather[]): OutdoorWeather | null {
  if (hours.length === 0) return null;
  const types: WeatherType[] = [];
  for (const h of hours) if (!types.includes(h.weatherType)) types.push(h.weatherType);
  return {
    minApparentTemperature: Math.min(...hours.map((h) => h.apparentTemperature)),
    maxApparentTemperature: Math.max(...hours.map((h) => h.apparentTemperature)),
    minTemperature: Math.min(...hours.map((h) => h.temperature)),
    maxTemperature: Math.max(...hours.map((h) => h.temperature)),
    maxWindSpeed: Math.max(...hours.map((h) => h.windSpeed)),
    maxPrecipitationProbability: Math.max(0, ...hours.map((h) => h.precipitationProbability ?? 0)),
    precipitationSum: round1(hours.reduce((sum, h) => sum + h.precipitation, 0)),
    firstWetHour: hours.find(isWet)?.time ?? null,
    weatherTypes: types,
    hours,
  };
}

function inferType(precipitation: number, probability: number | null, temperature: number): WeatherType {
  const wet = precipitation >= WET_AMOUNT_MM || (probability ?? 0) >= WET_PROBABILITY;
  if (!wet) return 'partly_cloudy';
  return temperature <= 0 ? 'snow' : 'rain';
}

function completeRow(row: Partial<HourlyWeather> & { time: string; temperature: number }, zone: string): HourlyWeather | null {
  const dt = DateTime.fromISO(row.time, { setZone: true });
  if (!dt.isValid) return null;
  const precipitation = row.precipitation ?? 0;
  const probability = row.precipitationProbability ?? null;
  return {
    time: dt.setZone(zone).toISO({ suppressMilliseconds: true }) ?? row.time,
    temperature: row.temperature,
    apparentTemperature: row.apparentTemperature ?? row.temperature,
    humidity: row.humidity ?? null,
    windSpeed: row.windSpeed ?? 0,
    precipitation,
    precipitationProbability: probability,
    weatherType: row.weatherType ?? inferType(precipitation, probability, row.temperature),
  };
}

/**
 * A what-if weather as hourly rows: given rows completed with neutral defaults (no wind, no rain,
 * felt = air temperature), or one condition repeated over every hour of the day.
 */
export function overrideHours(weather: NonNullable<ContextOverrides['weather']>, day: DateTime, zone: string): HourlyWeather[] {
  if ('hourly' in weather) {
    return weather.hourly.map((r) => completeRow(r, zone)).filter((r): r is HourlyWeather => r !== null);
  }
  const rows: HourlyWeather[] = [];
  // By instants, not wall hours: a DST day has 23 or 25 of them.
  const end = day.plus({ days: 1 }).toMillis();
  for (let t = day.toMillis(); t < end; t += HOUR_MS) {
    const row = completeRow({ ...weather, time: new Date(t).toISOString() }, zone);
    if (row) rows.push(row);
  }
  return rows;
}
