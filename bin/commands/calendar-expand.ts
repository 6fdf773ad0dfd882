import fs from 'node:fs/promises';
import { parseOptions } from './parse-options';
import { DateTime } from 'luxon';
import { expandIcs, UnknownZoneError } from '@server/calendar/expand-ics';
import { ianaZone } from '@server/calendar/zones';
import { printJson, UsageError, type CliCommand } from './types';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A bare date or a date-time without offset is read in --tz, as a person typing it means. */
function instant(value: string | undefined, flag: string, zone: string): Date {
  if (!value) throw new UsageError(`--${flag} is required`);
  const parsed = ISO.test(value) ? DateTime.fromISO(value, { zone }) : null;
  if (!parsed?.isValid) throw new UsageError(`--${flag} must be an ISO 8601 date or date-time (got ${value})`);
  return parsed.toJSDate();
}

export const calendarExpand: CliCommand = {
  path: ['calendar', 'expand'],
  summary: 'Print every occurrence of an .ics file that overlaps [--from, --to), in --tz.',
  usage: 'miroir calendar expand FILE.ics --from ISO --to ISO --tz ZONE',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseOptions({
        args,
        options: { from: { type: 'string' }, to: { type: 'string' }, tz: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('exactly one FILE.ics is required');
    const zone = values.tz;
    if (!zone) throw new UsageError('--tz is required');
    if (!ianaZone(zone)) throw new UsageError(`--tz must be an IANA time zone such as Europe/Paris (got ${zone})`);
    const from = instant(values.from, 'from', zone);
    const to = instant(values.to, 'to', zone);
    if (to <= from) throw new UsageError('--to must be after --from');
    let text: string;
    try {
      text = await fs.readFile(positionals[0], 'utf8');
    } catch (err) {
      io.stderr(`miroir calendar expand: cannot read ${positionals[0]}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return 66;
    }
    try {
      const result = await expandIcs(text, from, to, zone);
      printJson(io, result);
      return 0;
    } catch (err) {
      if (err instanceof UnknownZoneError) throw new UsageError(err.message);
      throw err;
    }
  },
};
