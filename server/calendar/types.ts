/** One occurrence as `miroir calendar expand` prints it (CONTRACT.md). */
export interface CalendarOccurrence {
  uid: string;
  title: string;
  /** ISO with the offset of the viewing zone for timed events; YYYY-MM-DD for all-day events. */
  start: string;
  /** Exclusive: the day after the last day for all-day events. */
  end: string;
  allDay: boolean;
  location: string | null;
}

/**
 * What `app.calendar.agenda(householdId, from, to)` returns: an occurrence in the household's
 * timezone, with what the day context reads (description, categories) and where it came from.
 */
export interface AgendaEvent extends CalendarOccurrence {
  description: string | null;
  categories: string[];
  calendarId: string;
}

export interface CalendarView {
  id: string;
  name: string;
  /** The person it belongs to, or null when it is the whole household's. */
  profileId: string | null;
  /** 'url' feeds are refreshed; 'ics' calendars hold pasted text. */
  source: 'url' | 'ics';
  url: string | null;
  status: 'ok' | 'error';
  lastError: string | null;
  refreshedAt: string | null;
  eventCount: number;
  warningCount: number;
  createdAt: string;
}
