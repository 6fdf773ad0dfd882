import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../bin/cli';

const FIXTURES = path.join(__dirname, 'fixtures');
const ROOT = path.resolve(__dirname, '../..');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} });
  return { code, stdout, stderr };
}

describe('miroir calendar expand', () => {
  it('runs as the real binary and prints the occurrences as JSON', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'bin/miroir.js'), 'calendar', 'expand', path.join(FIXTURES, 'outlook.ics'), '--from', '2026-03-30T00:00:00+02:00', '--to', '2026-03-31T00:00:00+02:00', '--tz', 'Europe/Paris'],
      { cwd: ROOT, timeout: 120_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      events: [
        {
          uid: '040000008200E00074C5B7101A82E00800000000B0C3A1F2D4A5DC01000000000000000010000000F3E1D4C2B5A6474A9E8D7C6B5A4F3E2D',
          title: 'Comité de direction',
          start: '2026-03-30T09:00:00+02:00',
          end: '2026-03-30T10:30:00+02:00',
          allDay: false,
          location: 'Salle Opéra (4e étage)',
        },
      ],
      warnings: [],
    });
  }, 150_000);

  it('reads bare dates and local date-times in --tz', async () => {
    const { code, stdout } = await cli(['calendar', 'expand', path.join(FIXTURES, 'google.ics'), '--from', '2026-04-03', '--to', '2026-04-06T09:45', '--tz', 'Europe/Paris']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).events.map((e: { title: string; start: string }) => [e.title, e.start])).toEqual([
      ['Week-end en Normandie', '2026-04-03'],
      ['Marché', '2026-04-04'],
      ['Stand-up', '2026-04-06T09:30:00+02:00'],
    ]);
  });

  it('reports skipped broken properties in the output, not as a failure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-cli-'));
    const file = path.join(dir, 'broken.ics');
    fs.writeFileSync(file, 'BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Broken rule\r\nDTSTART:20260601T080000Z\r\nRRULE:FREQ=DAILY;BYDAY=ZZ\r\nEND:VEVENT\r\n');
    try {
      const { code, stdout } = await cli(['calendar', 'expand', file, '--from', '2026-06-01T00:00:00Z', '--to', '2026-06-03T00:00:00Z', '--tz', 'America/Los_Angeles']);
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(out.events).toEqual([{ uid: 'b', title: 'Broken rule', start: '2026-06-01T01:00:00-07:00', end: '2026-06-01T01:00:00-07:00', allDay: false, location: null }]);
      expect(out.warnings).toEqual([expect.stringContaining('RRULE skipped')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a missing --tz', ['--from', '2026-01-01', '--to', '2026-01-02'], /--tz is required/],
    ['an unknown zone', ['--from', '2026-01-01', '--to', '2026-01-02', '--tz', 'Mars/Base'], /IANA time zone/],
    ['a bad date', ['--from', '01/02/2026', '--to', '2026-01-02', '--tz', 'UTC'], /--from must be an ISO 8601/],
    ['--to before --from', ['--from', '2026-01-02', '--to', '2026-01-01', '--tz', 'UTC'], /--to must be after --from/],
    ['an unknown option', ['--from', '2026-01-01', '--to', '2026-01-02', '--tz', 'UTC', '--color'], /Unknown option/],
  ])('fails with usage on stderr for %s', async (_what, args, message) => {
    const { code, stdout, stderr } = await cli(['calendar', 'expand', path.join(FIXTURES, 'google.ics'), ...args]);
    expect(code).toBe(64);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('fails on an unreadable file', async () => {
    const { code, stdout, stderr } = await cli(['calendar', 'expand', '/nonexistent/x.ics', '--from', '2026-01-01', '--to', '2026-01-02', '--tz', 'UTC']);
    expect(code).toBe(66);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot read \/nonexistent\/x.ics: ENOENT/);
  });
});
