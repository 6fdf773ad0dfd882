export type CalendarSource = 'url' | 'ics';
export type CalendarStatus = 'ok' | 'error';

export interface CalendarsTable {
  id: string;
  household_id: string;
  /** The person whose calendar this is; null for a calendar of the whole household. */
  profile_id: string | null;
  name: string;
  source: CalendarSource;
  /** The feed URL (webcal:// already mapped to https://); null for pasted text. */
  url: string | null;
  /** Validators of the last fetched response, sent back on refresh (If-None-Match / If-Modified-Since). */
  etag: string | null;
  last_modified: string | null;
  status: CalendarStatus;
  last_error: string | null;
  refreshed_at: string | null;
  event_count: number;
  warning_count: number;
  /** SHA-256 of the stored feed text: tells a refresh that changed nothing from one that did. */
  content_hash: string;
  created_at: string;
  updated_at: string;
}

/** The feed text, apart from the calendar row so listing calendars never loads megabytes. */
export interface CalendarFeedsTable {
  calendar_id: string;
  household_id: string;
  ics: string;
  size: number;
  stored_at: string;
}

export interface CalendarTables {
  calendars: CalendarsTable;
  calendar_feeds: CalendarFeedsTable;
}
