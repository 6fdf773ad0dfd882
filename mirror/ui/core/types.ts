/**
 * The API shapes the mirror reads (CONTRACT.md). Where the server has one type for a response,
 * it is imported type-only (erased from the browser bundle), so a renamed field fails to compile
 * on both sides; the rest list only the fields the page reads.
 */
import type { Static } from '@sinclair/typebox';
import type { JoinCodeSchema } from '@server/households/schemas';
import type { UnitSystem } from '@server/core/units';

export interface Household {
  id: string;
  name: string;
  locale: string;
  timezone: string;
  currency: string;
  /** The household's metric or imperial choice (`GET /api/v1/household` always sends it). */
  units?: UnitSystem;
  settings: { nightMode: { enabled: boolean; start: string; end: string } };
  profiles: { id: string; name: string; isDefault: boolean }[];
}

/** The weather as the server sends it, `unavailable` included (type-only: no server code is bundled). */
export type { HourlyWeather as WeatherHour } from '@server/day-context/types';
export type { DailyWeather as WeatherDay, WeatherReport as Weather } from '@server/weather/types';
export type { CalendarOccurrence as AgendaEvent } from '@server/calendar/types';
export type { Garment } from '@server/wardrobe/service';
export type { Suggestion, TodaysSuggestion } from '@server/outfits/types';
export type { Supply } from '@server/supplies/types';
export type { Order } from '@server/orders/types';

/** `POST /api/v1/join-codes`: a code a new phone exchanges for its own app token. */
export type JoinCode = Static<typeof JoinCodeSchema>;

export interface PairingCode {
  code: string;
  expiresAt: string;
}
