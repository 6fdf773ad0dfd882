import { prepare } from '@server/store/prepared';
import type { Queryable } from '@server/store/store';
import type { CalendarsTable } from './tables';
import type { CalendarView } from './types';

export type CalendarRow = CalendarsTable;

export function toView(row: CalendarRow): CalendarView {
  return {
    id: row.id,
    name: row.name,
    profileId: row.profile_id,
    source: row.source,
    url: row.url,
    status: row.status,
    lastError: row.last_error,
    refreshedAt: row.refreshed_at,
    eventCount: row.event_count,
    warningCount: row.warning_count,
    createdAt: row.created_at,
  };
}

// Read by every agenda and outfit read (the mirror's start has both).
const calendarsQuery = prepare((db, p: { householdId: string }) => db.selectFrom('calendars').selectAll().where('household_id', '=', p.householdId).orderBy('created_at').orderBy('id'));

export async function listCalendars(db: Queryable, householdId: string): Promise<CalendarRow[]> {
  return calendarsQuery.all(db, { householdId });
}

export async function getCalendar(db: Queryable, householdId: string, id: string): Promise<CalendarRow | undefined> {
  return db.selectFrom('calendars').selectAll().where('household_id', '=', householdId).where('id', '=', id).executeTakeFirst();
}

export async function feedText(db: Queryable, calendarId: string): Promise<string | null> {
  const row = await db.selectFrom('calendar_feeds').select('ics').where('calendar_id', '=', calendarId).executeTakeFirst();
  return row?.ics ?? null;
}

export async function insertCalendar(db: Queryable, row: CalendarRow, ics: string): Promise<void> {
  await db.insertInto('calendars').values(row).execute();
  await db
    .insertInto('calendar_feeds')
    .values({ calendar_id: row.id, household_id: row.household_id, ics, size: Buffer.byteLength(ics), stored_at: row.updated_at })
    .execute();
}

export async function replaceFeed(db: Queryable, calendarId: string, ics: string, at: string): Promise<void> {
  await db.updateTable('calendar_feeds').set({ ics, size: Buffer.byteLength(ics), stored_at: at }).where('calendar_id', '=', calendarId).execute();
}

export async function updateCalendar(db: Queryable, id: string, changes: Partial<Omit<CalendarRow, 'id' | 'household_id'>>): Promise<void> {
  await db.updateTable('calendars').set(changes).where('id', '=', id).execute();
}

export async function deleteCalendar(db: Queryable, householdId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('calendars').where('household_id', '=', householdId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** URL calendars not refreshed since `before`, oldest first. */
export async function dueUrlCalendars(db: Queryable, before: string): Promise<CalendarRow[]> {
  return db
    .selectFrom('calendars')
    .selectAll()
    .where('source', '=', 'url')
    .where((eb) => eb.or([eb('refreshed_at', 'is', null), eb('refreshed_at', '<', before)]))
    .orderBy('refreshed_at')
    .execute();
}
