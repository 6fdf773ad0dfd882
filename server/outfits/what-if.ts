import type { ContextOverrides } from '@server/day-context/types';
import type { SuggestBody } from './schemas';

/**
 * The context a what-if replaces, from `POST /api/v1/outfits/suggest`'s body. The body may hold
 * Miroir's own GET documents as they were returned (the weather report, the agenda's events, a
 * suggestion's context):
 * only the fields the day context reads are kept, so the rest never reaches its cache key.
 */
export function overridesFrom(body: SuggestBody): ContextOverrides | undefined {
  const { weather, events } = body;
  if (!weather && !events) return undefined;
  const overrides: ContextOverrides = {};
  const constant = weather && !('hourly' in weather) && !('hours' in weather) ? weather : null;
  const rows = weather && 'hourly' in weather ? weather.hourly : weather && 'hours' in weather ? weather.hours : null;
  if (rows) {
    overrides.weather = {
      hourly: rows.map((h) => ({
        time: h.time,
        temperature: h.temperature,
        apparentTemperature: h.apparentTemperature,
        humidity: h.humidity,
        windSpeed: h.windSpeed,
        precipitation: h.precipitation,
        precipitationProbability: h.precipitationProbability,
        weatherType: h.weatherType,
      })),
    };
  } else if (constant) {
    overrides.weather = constant;
  }
  if (events) {
    overrides.events = events.map((e) => ({ title: e.title, start: e.start, end: e.end, allDay: e.allDay, location: e.location, dressCode: e.dressCode }));
  }
  return overrides;
}
