import { FeedNetwork } from '@server/calendar/feed-guard';
import { ConfigError, loadConfig } from '@server/plugins/config';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { FeedServer } from './helpers/feed-server';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@test\r\nDTSTART:20261130T090000Z\r\nDTEND:20261130T100000Z\r\nSUMMARY:Inside\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

describe('calendar URLs that reach this machine or the home network (SSRF)', () => {
  let feeds: FeedServer;
  let t: TestApp;
  beforeAll(async () => {
    feeds = new FeedServer();
    await feeds.start();
    feeds.routes.set('/inside.ics', { kind: 'ics', body: ICS });
    feeds.routes.set('/to-metadata', { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' });
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
    await feeds.stop();
  });

  const add = async (url: string) => {
    const h = await t.household('Curious');
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { calendars: true } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Probe', url } });
    const stored = await t.app.store.db.selectFrom('calendars').select('id').where('household_id', '=', h.id).execute();
    return { status: res.statusCode, code: res.json().error?.code as string | undefined, message: res.json().error?.message as string | undefined, stored: stored.length };
  };

  it('refuses every such address with one generic error, whatever listens there, without connecting', async () => {
    const port = new URL(feeds.url('/')).port;
    const probes = [
      feeds.url('/inside.ics'), // a live server on loopback
      'http://127.0.0.1:9/closed', // nothing listening
      `http://localhost:${port}/inside.ics`, // a name that resolves to loopback
      'http://169.254.169.254/latest/meta-data/', // cloud metadata: would time out
      'http://10.255.255.1/feed.ics',
      'http://192.168.1.1/feed.ics',
      `http://[::1]:${port}/inside.ics`,
      `http://[::ffff:127.0.0.1]:${port}/inside.ics`,
      `http://2130706433:${port}/inside.ics`, // 127.0.0.1 as one number
      'webcal://0.0.0.0/feed.ics',
    ];
    const answers: Awaited<ReturnType<typeof add>>[] = [];
    for (const url of probes) answers.push(await add(url));
    // One answer for all: nothing tells what is (or is not) at the address.
    expect(answers.map((a, i) => [probes[i], a.code])).toEqual(probes.map((p) => [p, answers[0].code]));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 422, code: 'FEED_ADDRESS_REFUSED', stored: 0 });
    expect(feeds.requests).toEqual([]);
  });

  it('judges every redirect: a feed that redirects to the metadata address is refused the same way', async () => {
    const permissive = await buildTestApp({ env: { MIROIR_CALENDAR_ALLOW_NETWORKS: '127.0.0.1/32' } });
    try {
      const h = await permissive.household('Redirected');
      await permissive.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { calendars: true } });
      const res = await permissive.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Hop', url: feeds.url('/to-metadata') } });
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'FEED_ADDRESS_REFUSED']);
      expect(feeds.requests.map((r) => r.path)).toEqual(['/to-metadata']);
      // The allowed network is exactly what was allowed: 127.0.0.2 is still loopback, still refused.
      const beside = await permissive.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Beside', url: feeds.url('/inside.ics').replace('127.0.0.1', '127.0.0.2') } });
      expect([beside.statusCode, beside.json().error.code]).toEqual([422, 'FEED_ADDRESS_REFUSED']);
      // And a calendar server on an allowed home network is read.
      const ok = await permissive.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Home server', url: feeds.url('/inside.ics') } });
      expect(ok.statusCode).toBe(201);
    } finally {
      await permissive.close();
    }
  });

  it('knows public from private addresses, IPv4 written as IPv6 included', () => {
    const strict = new FeedNetwork();
    try {
      for (const address of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.0.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe']) {
        expect([address, strict.allows(address)]).toEqual([address, false]);
      }
      for (const address of ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8']) expect([address, strict.allows(address)]).toEqual([address, true]);
    } finally {
      void strict.close();
    }
  });

  it('takes its allowed networks from MIROIR_CALENDAR_ALLOW_NETWORKS and refuses a malformed one at start', () => {
    expect(loadConfig({ MIROIR_CALENDAR_ALLOW_NETWORKS: '192.168.1.0/24, fd00::/8' }).calendarAllowNetworks).toEqual(['192.168.1.0/24', 'fd00::/8']);
    expect(loadConfig({}).calendarAllowNetworks).toEqual([]);
    for (const bad of ['192.168.1.0/33', 'home', '10.0.0.0/8/1', '192.168.1.0/x']) expect(() => loadConfig({ MIROIR_CALENDAR_ALLOW_NETWORKS: bad })).toThrow(ConfigError);
  });
});
