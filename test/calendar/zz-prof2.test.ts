import { scanIcs } from '@server/calendar/ics-scanner';
import { parseProperty } from '@server/calendar/ics-values';
import { DateTime, IANAZone } from 'luxon';
it('prof', async () => {
  const lines = ['BEGIN:VCALENDAR'];
  for (let n = 0; n < 20000; n++) lines.push('BEGIN:VEVENT', `DTSTART;TZID=Europe/Paris:2015${String(1 + (n % 12)).padStart(2, '0')}10T090000`, `DTEND;TZID=Europe/Paris:20150110T100000`, `UID:x${n}`, `SUMMARY:Hello ${n}`, 'DESCRIPTION:' + 'blah '.repeat(100), 'LOCATION:somewhere\\, here', 'STATUS:CONFIRMED', 'SEQUENCE:0', 'ATTENDEE;CN=x:mailto:x@y', 'END:VEVENT');
  lines.push('END:VCALENDAR');
  const text = lines.join('\r\n');
  let t = performance.now();
  let count = 0;
  await scanIcs(text, { calendarProperty() {}, vevent(l) { count += l.length; }, vtimezone() {}, warning() {} });
  console.log('scan', (performance.now() - t).toFixed(0), count);
  t = performance.now();
  for (let i = 0; i < 20000; i++) { parseProperty('DTSTART;TZID=Europe/Paris:20150110T090000'); parseProperty('SUMMARY:Hello 1'); parseProperty('DESCRIPTION:' + 'blah '.repeat(100)); parseProperty('UID:x1'); }
  console.log('props x4', (performance.now() - t).toFixed(0));
  t = performance.now();
  const z = IANAZone.create('Europe/Paris');
  for (let i = 0; i < 20000; i++) DateTime.fromObject({ year: 2015, month: 1, day: 10, hour: 9 }, { zone: z }).toMillis();
  console.log('luxon fromObject', (performance.now() - t).toFixed(0));
  t = performance.now();
  for (let i = 0; i < 20000; i++) z.offset(1420876800000 + i * 1000);
  console.log('zone.offset', (performance.now() - t).toFixed(0));
});
