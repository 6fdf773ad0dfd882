import type { EngineGarment } from '@models/features';
import type { Activity, ContextEvent, DayContext, DressCode, HourlyWeather, OutdoorWindow, WeatherType } from '@server/day-context/types';
import { toEngineGarment } from '@server/outfits/engine/garments';
import { demoGarmentInputs } from '@server/wardrobe/demo';
import { kindInfo } from '@server/wardrobe/kinds';

/** Builds DayContexts for the pure engine, the way the day-context capability would. */
export interface DaySpec {
  locale?: string;
  date?: string;
  /** Apparent temperature per outdoor hour (08:00…, local Paris time, UTC+1 in winter). */
  apparent: number[];
  wind?: number;
  /** mm per hour, same length as apparent (missing = 0). */
  rain?: number[];
  probability?: number[];
  weatherType?: WeatherType;
  events?: Partial<ContextEvent>[];
  dressCode?: DressCode;
  activities?: Activity[];
  windows?: OutdoorWindow[];
  weather?: null;
}

export function makeDay(spec: DaySpec): DayContext {
  const date = spec.date ?? '2026-11-30';
  const locale = spec.locale ?? 'en-US';
  const hours: HourlyWeather[] = spec.apparent.map((a, i) => {
    const mm = spec.rain?.[i] ?? 0;
    return {
      time: `${date}T${String(7 + i).padStart(2, '0')}:00:00Z`,
      temperature: a + 2,
      apparentTemperature: a,
      humidity: 70,
      windSpeed: spec.wind ?? 3,
      precipitation: mm,
      precipitationProbability: spec.probability?.[i] ?? (mm > 0 ? 90 : 5),
      weatherType: mm > 0 ? (spec.weatherType ?? 'rain') : (spec.weatherType === 'snow' ? 'snow' : 'partly_cloudy'),
    };
  });
  const wet = hours.find((h) => h.precipitation >= 0.3 || (h.precipitationProbability ?? 0) >= 50);
  const events: ContextEvent[] = (spec.events ?? []).map((e, i) => ({
    uid: `e${i}`,
    title: e.title ?? 'Event',
    start: e.start ?? `${date}T10:00:00+01:00`,
    end: e.end ?? `${date}T11:00:00+01:00`,
    allDay: e.allDay ?? false,
    location: e.location ?? 'Somewhere',
    dressCode: e.dressCode ?? null,
    activities: e.activities ?? [],
  }));
  const last = hours[hours.length - 1]?.time ?? `${date}T18:00:00Z`;
  return {
    householdId: 'h',
    profileId: 'p',
    date,
    timezone: 'Europe/Paris',
    locale,
    outdoorWindows: spec.windows ?? [
      { start: `${date}T07:00:00Z`, end: `${date}T08:00:00Z`, source: 'commute' },
      { start: `${date}T17:00:00Z`, end: last, source: 'commute' },
    ],
    weather:
      spec.weather === null
        ? null
        : {
            minApparentTemperature: Math.min(...spec.apparent),
            maxApparentTemperature: Math.max(...spec.apparent),
            minTemperature: Math.min(...spec.apparent) + 2,
            maxTemperature: Math.max(...spec.apparent) + 2,
            maxWindSpeed: spec.wind ?? 3,
            maxPrecipitationProbability: Math.max(...hours.map((h) => h.precipitationProbability ?? 0)),
            precipitationSum: hours.reduce((s, h) => s + h.precipitation, 0),
            firstWetHour: wet?.time ?? null,
            weatherTypes: [...new Set(hours.map((h) => h.weatherType))],
            hours,
          },
    weatherStale: false,
    events,
    dressCode: spec.dressCode ?? 'casual',
    activities: spec.activities ?? [...new Set(events.flatMap((e) => e.activities))],
  };
}

/** The demo wardrobe of one person (first: dresses and skirts too; second: a suit) plus the shared pieces. */
export function demoWardrobe(locale: string, person: 'first' | 'second', today = '2026-11-30'): EngineGarment[] {
  const inputs = demoGarmentInputs(locale, 'first', 'second').filter((g) => g.profileId === person || g.profileId === null);
  return inputs.map((g, i) => {
    const info = kindInfo(g.kind)!;
    return toEngineGarment(
      {
        id: `${person}-${i}-${g.kind}`,
        name: g.name,
        category: info.category,
        kind: g.kind,
        warmth: g.warmth ?? info.clo,
        waterproof: g.waterproof ?? info.waterproof,
        formality: g.formality ?? info.formality,
        colors: g.colors ?? [],
      },
      today,
    );
  });
}
