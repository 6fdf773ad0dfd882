import { DateTime } from 'luxon';
import { AppError } from '@server/core/errors';
import { MAX_AGENDA_DAYS } from './schemas';

export interface AgendaWindow {
  from: Date;
  to: Date;
  fromIso: string;
  toIso: string;
}

/** A date alone means that day's midnight in the household's zone; a date-time keeps its offset. */
function point(value: string, zone: string): DateTime {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }).startOf('day') : DateTime.fromISO(value, { setZone: true }).setZone(zone);
}

/** The agenda's [from, to): today in the household's zone unless the query says otherwise. */
export function agendaWindow(query: { from?: string; to?: string }, zone: string, now: Date): AgendaWindow {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const from = query.from ? point(query.from, zone) : today;
  const to = query.to ? point(query.to, zone) : from.plus({ days: 1 });
  if (!from.isValid || !to.isValid) throw new AppError('calendar.invalidWindow', 400, { from: query.from ?? '', to: query.to ?? '' });
  if (to <= from) throw new AppError('calendar.invalidWindow', 400, { from: from.toISO() ?? '', to: to.toISO() ?? '' });
  if (to.diff(from, 'days').days > MAX_AGENDA_DAYS) throw new AppError('calendar.windowTooLong', 400, { days: MAX_AGENDA_DAYS });
  return {
    from: from.toJSDate(),
    to: to.toJSDate(),
    fromIso: from.toISO({ suppressMilliseconds: true }) ?? from.toJSDate().toISOString(),
    toIso: to.toISO({ suppressMilliseconds: true }) ?? to.toJSDate().toISOString(),
  };
}
