import { DateTime } from 'luxon';
import type { DemoContributor } from '@server/demo/types';
import { translator } from '@server/plugins/i18n';

const stamp = (d: DateTime): string => d.toFormat("yyyyMMdd'T'HHmmss");
const day = (d: DateTime): string => d.toFormat('yyyyMMdd');
/** TEXT values escape commas and semicolons (RFC 5545 §3.3.11). */
const escapeText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

/** The demo's two calendars: the household's shared one and the first person's work calendar. */
export type DemoCalendarPart = 'household' | 'work';
const WORK_EVENTS = new Set(['client-meeting', 'gym', 'team-weekly']);

/**
 * Sample calendars for the demo household, written relative to the clock so that "today" always
 * has something to dress for: the first person's work calendar (a client meeting with a location,
 * gym after work three evenings a week, a weekly team meeting) and the household's (a dinner at
 * 20:00, a weekly swim, an all-day birthday), in the household's language and zone. Stored as
 * pasted calendars, exactly as a user would add them.
 */
export function demoIcs(now: Date, zone: string, locale: string, part?: DemoCalendarPart, calendarName?: string): string {
  const t = translator(locale);
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const monday = today.minus({ days: today.weekday - 1 });
  const tz = `TZID=${zone}`;
  const dtstamp = DateTime.fromJSDate(now, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  const wanted = (uid: string) => part === undefined || (part === 'work') === WORK_EVENTS.has(uid);
  const event = (uid: string, lines: string[]): string[] =>
    wanted(uid) ? ['BEGIN:VEVENT', `UID:${uid}@demo.miroir.local`, `DTSTAMP:${dtstamp}`, ...lines, 'END:VEVENT'] : [];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Miroir//Demo calendar//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(calendarName ?? t('calendar.demo.calendarName'))}`,
    `X-WR-TIMEZONE:${zone}`,
    ...event('client-meeting', [
      `DTSTART;${tz}:${stamp(today.set({ hour: 10 }))}`,
      `DTEND;${tz}:${stamp(today.set({ hour: 11, minute: 30 }))}`,
      `SUMMARY:${escapeText(t('calendar.demo.clientMeeting'))}`,
      `LOCATION:${escapeText(t('calendar.demo.clientLocation'))}`,
      'CATEGORIES:WORK',
    ]),
    ...event('gym', [
      `DTSTART;${tz}:${stamp(monday.minus({ weeks: 4 }).set({ hour: 18, minute: 30 }))}`,
      `DTEND;${tz}:${stamp(monday.minus({ weeks: 4 }).set({ hour: 19, minute: 30 }))}`,
      'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR',
      `SUMMARY:${escapeText(t('calendar.demo.gym'))}`,
      `LOCATION:${escapeText(t('calendar.demo.gymLocation'))}`,
      'CATEGORIES:SPORT',
    ]),
    ...event('dinner', [
      `DTSTART;${tz}:${stamp(today.set({ hour: 20 }))}`,
      `DTEND;${tz}:${stamp(today.set({ hour: 22, minute: 30 }))}`,
      `SUMMARY:${escapeText(t('calendar.demo.dinner'))}`,
      `LOCATION:${escapeText(t('calendar.demo.dinnerLocation'))}`,
    ]),
    ...event('team-weekly', [
      `DTSTART;${tz}:${stamp(monday.minus({ weeks: 8 }).plus({ days: 1 }).set({ hour: 9, minute: 30 }))}`,
      `DTEND;${tz}:${stamp(monday.minus({ weeks: 8 }).plus({ days: 1 }).set({ hour: 10 }))}`,
      'RRULE:FREQ=WEEKLY;BYDAY=TU',
      `SUMMARY:${escapeText(t('calendar.demo.teamMeeting'))}`,
      `LOCATION:${escapeText(t('calendar.demo.teamLocation'))}`,
    ]),
    ...event('swim', [
      `DTSTART;${tz}:${stamp(monday.plus({ days: 5 }).set({ hour: 10 }))}`,
      `DTEND;${tz}:${stamp(monday.plus({ days: 5 }).set({ hour: 11 }))}`,
      'RRULE:FREQ=WEEKLY;COUNT=6',
      `SUMMARY:${escapeText(t('calendar.demo.swim'))}`,
      `LOCATION:${escapeText(t('calendar.demo.swimLocation'))}`,
    ]),
    ...event('birthday', [
      `DTSTART;VALUE=DATE:${day(today.plus({ days: 3 }))}`,
      `DTEND;VALUE=DATE:${day(today.plus({ days: 4 }))}`,
      'RRULE:FREQ=YEARLY',
      `SUMMARY:${escapeText(t('calendar.demo.birthday'))}`,
      'TRANSP:TRANSPARENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The calendar part of the demo household: a shared calendar and the first person's work calendar. */
export const seedCalendarDemo: DemoContributor = async (app, demo) => {
  const { household, profiles } = demo;
  const t = translator(household.locale);
  const now = app.clock.now();
  await app.calendar.add(household.id, { name: t('calendar.demo.calendarName'), ics: demoIcs(now, household.timezone, household.locale, 'household') });
  const worker = profiles[0];
  if (worker) {
    const name = t('calendar.demo.workCalendarName', { name: worker.name });
    await app.calendar.add(household.id, { name, ics: demoIcs(now, household.timezone, household.locale, 'work', name), profileId: worker.id });
  }
};
