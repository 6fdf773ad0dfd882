import { DateTime } from 'luxon';
import type { DemoContributor } from '@server/demo/types';
import { translator } from '@server/plugins/i18n';

const stamp = (d: DateTime): string => d.toFormat("yyyyMMdd'T'HHmmss");
const day = (d: DateTime): string => d.toFormat('yyyyMMdd');
/** TEXT values escape commas and semicolons (RFC 5545 §3.3.11). */
const escapeText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

/**
 * A sample calendar for the demo household, written relative to the clock so that "today" always
 * has something to dress for: a client meeting with a location, gym after work three evenings a
 * week, a dinner at 20:00, a weekly team meeting and an all-day birthday, in the household's
 * language and zone. Stored as a pasted calendar, exactly as a user would add one.
 */
export function demoIcs(now: Date, zone: string, locale: string): string {
  const t = translator(locale);
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const monday = today.minus({ days: today.weekday - 1 });
  const tz = `TZID=${zone}`;
  const dtstamp = DateTime.fromJSDate(now, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  const event = (uid: string, lines: string[]): string[] => ['BEGIN:VEVENT', `UID:${uid}@demo.miroir.local`, `DTSTAMP:${dtstamp}`, ...lines, 'END:VEVENT'];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Miroir//Demo calendar//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(t('calendar.demo.calendarName'))}`,
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

/** The calendar part of the demo household. */
export const seedCalendarDemo: DemoContributor = async (app, demo) => {
  const { household } = demo;
  await app.calendar.add(household.id, {
    name: translator(household.locale)('calendar.demo.calendarName'),
    ics: demoIcs(app.clock.now(), household.timezone, household.locale),
  });
};
