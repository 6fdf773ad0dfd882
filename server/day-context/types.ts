import type { UnitSystem } from '@server/core/units';
import type { AgendaEvent, CalendarOccurrence } from '@server/calendar/types';

/**
 * The day as the outfit engine, the skills and the mirror see it: when the person is outside,
 * the weather over those hours, and what the day's events ask for. Built by DayContextService
 * (server/day-context/service.ts) from the weather and calendar capabilities.
 */
export const WEATHER_TYPES = ['clear', 'partly_cloudy', 'cloudy', 'fog', 'drizzle', 'rain', 'snow', 'sleet', 'thunderstorm'] as const;
export type WeatherType = (typeof WEATHER_TYPES)[number];

export const DRESS_CODES = ['sport', 'casual', 'smart', 'formal'] as const;
export type DressCode = (typeof DRESS_CODES)[number];

/** What an event implies beyond formality (for the bring list and constraints). */
export const ACTIVITIES = ['gym', 'swim', 'run', 'interview', 'client', 'wedding', 'funeral', 'party', 'hike', 'beach', 'ski'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** One hour of weather, as in CONTRACT.md (°C, m/s, mm, %). */
export interface HourlyWeather {
  time: string;
  temperature: number;
  apparentTemperature: number;
  humidity: number | null;
  windSpeed: number;
  precipitation: number;
  precipitationProbability: number | null;
  weatherType: WeatherType;
}

/** A calendar occurrence (as the agenda shapes it) with what the day context reads into it. */
export interface ContextEvent extends CalendarOccurrence {
  dressCode: DressCode | null;
  activities: Activity[];
}

export interface OutdoorWindow {
  start: string;
  end: string;
  /** Why we think the person is out then: events with a location, the household's commute, or a default day. */
  source: 'events' | 'commute' | 'default';
}

/** The weather over the outdoor hours only, not the daily mean. */
export interface OutdoorWeather {
  minApparentTemperature: number;
  maxApparentTemperature: number;
  minTemperature: number;
  maxTemperature: number;
  maxWindSpeed: number;
  maxPrecipitationProbability: number;
  precipitationSum: number;
  /** First outdoor hour with rain/snow likely (probability >= 50 % or >= 0.3 mm), else null. */
  firstWetHour: string | null;
  weatherTypes: WeatherType[];
  /** The hourly rows inside the outdoor windows. */
  hours: HourlyWeather[];
}

export interface DayContext {
  householdId: string;
  profileId: string;
  /** Local date YYYY-MM-DD in the household's timezone. */
  date: string;
  timezone: string;
  locale: string;
  /** The household's units for what is written (°C or °F); the locale's when absent. */
  units?: UnitSystem;
  outdoorWindows: OutdoorWindow[];
  /** null when no forecast is available (no location, no consent, provider down with no cache). */
  weather: OutdoorWeather | null;
  weatherStale: boolean;
  events: ContextEvent[];
  /** The strictest dress code of the day's events; 'casual' when nothing asks for more. */
  dressCode: DressCode;
  activities: Activity[];
}

/**
 * What-if input for POST /api/v1/outfits/suggest: replaces the live weather and/or events.
 * `weather` is either hourly rows or one constant condition for the whole day.
 */
export interface ContextOverrides {
  weather?:
    | { hourly: Array<Partial<HourlyWeather> & { time: string; temperature: number }> }
    | {
        temperature: number;
        apparentTemperature?: number;
        windSpeed?: number;
        precipitation?: number;
        precipitationProbability?: number;
        weatherType?: WeatherType;
      };
  events?: Array<{
    title: string;
    start: string;
    end: string;
    allDay?: boolean;
    location?: string | null;
    dressCode?: DressCode;
  }>;
}

/** What DayContextService.build takes besides the household. */
export interface DayContextRequest {
  /** A profile id or name of the household; its default profile when absent. */
  profileId?: string;
  /** Local date YYYY-MM-DD in the household's timezone; today when absent. */
  date?: string;
  overrides?: ContextOverrides;
}

/** The calendar capability as the day context uses it (CalendarService satisfies it). */
export interface AgendaSource {
  agenda(householdId: string, from: Date, to: Date, options?: { profileId?: string }): Promise<AgendaEvent[]>;
}

export type { AgendaEvent };
