import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, IsoDateTime, StrictObject } from '@server/core/schemas';

/** Pasted feeds up to this many characters; the route's body limit leaves room for JSON escaping. */
export const MAX_PASTED_ICS_CHARS = 6_000_000;
export const CALENDAR_BODY_LIMIT = 8 * 1024 * 1024;
/** Longest agenda window one request may ask for. */
export const MAX_AGENDA_DAYS = 366;

const Name = Type.String({ minLength: 1, maxLength: 100 });

/** Whose calendar it is (a profile id of the household); omitted for the whole household's. */
const ProfileRef = Type.String({ minLength: 1, maxLength: 64, description: 'the person this calendar belongs to' });

export const NewCalendarBody = Type.Union([
  StrictObject({ name: Name, url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^(https?|webcals?)://', description: 'http(s) or webcal URL of an ICS feed' }), profileId: Type.Optional(ProfileRef) }),
  StrictObject({ name: Name, ics: Type.String({ minLength: 1, maxLength: MAX_PASTED_ICS_CHARS, description: 'the iCalendar text' }), profileId: Type.Optional(ProfileRef) }),
]);
export type NewCalendarBody = Static<typeof NewCalendarBody>;

export const CalendarSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  profileId: Type.Union([Type.String(), Type.Null()], { description: "the person's calendar, or null for the household's" }),
  source: Type.Union([Type.Literal('url'), Type.Literal('ics')]),
  url: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'error code of the last failed refresh' }),
  refreshedAt: Type.Union([Type.String(), Type.Null()]),
  eventCount: Type.Integer(),
  warningCount: Type.Integer({ description: 'properties or events skipped because they were broken' }),
  createdAt: Type.String(),
});

export const CalendarList = Type.Object({ calendars: Type.Array(CalendarSchema) });

export const AgendaQuery = StrictObject({
  from: Type.Optional(Type.Union([IsoDateTime, IsoDate])),
  to: Type.Optional(Type.Union([IsoDateTime, IsoDate])),
  profile: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "one person's day: the household's calendars and theirs" })),
});
export type AgendaQuery = Static<typeof AgendaQuery>;

export const AgendaEventSchema = Type.Object({
  uid: Type.String(),
  title: Type.String(),
  start: Type.String({ description: 'ISO with the household offset, or YYYY-MM-DD for all-day events' }),
  end: Type.String({ description: 'exclusive; the day after the last day for all-day events' }),
  allDay: Type.Boolean(),
  location: Type.Union([Type.String(), Type.Null()]),
  calendarId: Type.String(),
});

export const AgendaResponse = Type.Object({ from: Type.String(), to: Type.String(), timezone: Type.String(), events: Type.Array(AgendaEventSchema) });
