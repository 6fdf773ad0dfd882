import { parseIcs } from '@server/calendar/ics-parse';
import { expandFeed } from '@server/calendar/expand';
import { IANAZone } from 'luxon';
it('prof', async () => {
  const lines = ['BEGIN:VCALENDAR'];
  for (let n = 0; n < 20000; n++) lines.push('BEGIN:VEVENT', `DTSTART;TZID=Europe/Paris:2015${String(1 + (n % 12)).padStart(2, '0')}10T090000`, `DTEND;TZID=Europe/Paris:20150110T100000`, `UID:x${n}`, `SUMMARY:Hello ${n}`, 'DESCRIPTION:' + 'blah '.repeat(100), 'LOCATION:somewhere\\, here', 'STATUS:CONFIRMED', 'SEQUENCE:0', 'ATTENDEE;CN=x:mailto:x@y', 'END:VEVENT');
  lines.push('END:VCALENDAR');
  const text = lines.join('\r\n');
  let t = performance.now();
  const feed = await parseIcs(text);
  console.log('parse', (performance.now() - t).toFixed(0), text.length);
  t = performance.now();
  await expandFeed(feed, { from: new Date('2026-01-01'), to: new Date('2026-01-08'), zone: IANAZone.create('Europe/Paris') });
  console.log('expand', (performance.now() - t).toFixed(0));
});
