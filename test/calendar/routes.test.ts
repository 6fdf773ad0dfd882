import fs from 'node:fs';
import path from 'node:path';
import type { DomainEvent } from '@server/core/events';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { FeedServer } from './helpers/feed-server';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const GOOGLE = fixture('google.ics');
const MEETUP = fixture('meetup.ics');

describeEachStore('calendar routes', (kind) => {
  let t: TestApp;
  let feeds: FeedServer;
  let published: DomainEvent[];
  let unsubscribe: () => void;

  beforeAll(async () => {
    feeds = new FeedServer();
    await feeds.start();
    // The feed server is on this machine: the operator's setting allows it (feeds are refused there otherwise).
    t = await buildTestApp({ store: kind, now: '2026-03-23T07:00:00Z', env: { MIROIR_CALENDAR_ALLOW_NETWORKS: '127.0.0.1/32' } });
    unsubscribe = t.app.events.subscribe((e) => published.push(e));
  });
  afterAll(async () => {
    unsubscribe();
    await t.close();
    await feeds.stop();
  });
  beforeEach(() => {
    published = [];
  });

  const post = (auth: { authorization: string }, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: auth, payload: payload as object });
  const list = async (auth: { authorization: string }) => (await t.app.inject({ method: 'GET', url: '/api/v1/calendars', headers: auth })).json().calendars as Array<Record<string, unknown>>;
  const agenda = (auth: { authorization: string }, query = '') => t.app.inject({ method: 'GET', url: `/api/v1/agenda${query}`, headers: auth });

  it("keeps a person's calendar to that person's day, and refuses another household's person", async () => {
    const h = await t.household('Two people');
    const second = await t.app.households.addProfile(h.id, { name: 'Léa' });
    const other = await t.household('Neighbours');
    const before = await list(h.auth);
    const foreign = await post(h.auth, { name: 'Not theirs', ics: MEETUP, profileId: other.profileId });
    expect(foreign.statusCode).toBe(404);
    expect(await list(h.auth)).toEqual(before);

    const mine = await post(h.auth, { name: 'Léa – work', ics: GOOGLE, profileId: second.id });
    expect(mine.statusCode).toBe(201);
    expect(mine.json().profileId).toBe(second.id);
    const week = '?from=2026-03-30&to=2026-04-02';
    const forLea = (await agenda(h.auth, `${week}&profile=${second.id}`)).json().events as unknown[];
    const forFirst = (await agenda(h.auth, `${week}&profile=${h.profileId}`)).json().events as unknown[];
    const household = (await agenda(h.auth, week)).json().events as unknown[];
    expect(forLea.length).toBeGreaterThan(0);
    expect(forFirst).toEqual([]);
    expect(household).toEqual(forLea);
    expect((await agenda(h.auth, `${week}&profile=${other.profileId}`)).statusCode).toBe(404);
  });

  it('adds a pasted calendar, records consent and serves its agenda in the household timezone', async () => {
    const h = await t.household('Pasted');
    const created = await post(h.auth, { name: 'Camille', ics: GOOGLE });
    expect(created.statusCode).toBe(201);
    const calendar = created.json();
    expect(calendar).toMatchObject({ id: expect.any(String), name: 'Camille', source: 'ics', url: null, status: 'ok', eventCount: 7, warningCount: 0 });
    expect(await list(h.auth)).toEqual([calendar]);
    expect(published).toEqual([expect.objectContaining({ type: 'agenda.updated', householdId: h.id, payload: { calendarId: calendar.id } })]);
    const consents = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: h.auth });
    expect(consents.json().consents.calendars).toBe(true);

    const res = await agenda(h.auth, '?from=2026-03-30&to=2026-04-02');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-03-30T00:00:00+02:00',
      to: '2026-04-02T00:00:00+02:00',
      timezone: 'Europe/Paris',
      events: [
        {
          uid: '5s1k2n7v3q8b0c4d9e6f1g2h3i@google.com',
          title: 'Stand-up (décalé)',
          start: '2026-03-31T14:00:00+02:00',
          end: '2026-03-31T14:30:00+02:00',
          allDay: false,
          location: null,
          calendarId: calendar.id,
        },
      ],
    });
  });

  it('defaults the agenda to today in the household zone and gives the day context its fields', async () => {
    const created = await t.app.households.create({ name: 'West', locale: 'en-US', timezone: 'America/Los_Angeles' });
    const auth = { authorization: `Bearer ${created.token}` };
    const id = created.household.id;
    expect((await post(auth, { name: 'Dentist', ics: GOOGLE })).statusCode).toBe(201);
    // 2026-03-26 18:00Z is 11:00 in Los Angeles: today there from the clock's point of view.
    t.clock.set('2026-03-26T18:00:00Z');
    const today = (await agenda(auth)).json();
    expect(today.from).toBe('2026-03-26T00:00:00-07:00');
    expect(today.events.map((e: { title: string; start: string }) => [e.title, e.start])).toEqual([['Dentiste', '2026-03-26T10:00:00-07:00']]);
    const direct = await t.app.calendar.agenda(id, new Date('2026-03-26T07:00:00Z'), new Date('2026-03-27T07:00:00Z'));
    expect(direct).toEqual([
      {
        uid: '0qv7b3k2m1n4p5r6s7t8u9v0w1@google.com',
        title: 'Dentiste',
        start: '2026-03-26T10:00:00-07:00',
        end: '2026-03-26T11:00:00-07:00',
        allDay: false,
        location: 'Cabinet dentaire, 12 Rue de Rivoli, 75004 Paris, France',
        description: 'Contrôle annuel',
        categories: [],
        calendarId: expect.any(String),
      },
    ]);
    t.clock.set('2026-03-23T07:00:00Z');
  });

  it.each([
    ['no name', { ics: GOOGLE }],
    ['both url and ics', { name: 'x', url: 'https://example.com/a.ics', ics: GOOGLE }],
    ['an unknown field', { name: 'x', ics: GOOGLE, color: 'red' }],
    ['an ftp URL', { name: 'x', url: 'ftp://example.com/a.ics' }],
    ['text that is not iCalendar', { name: 'x', ics: '<html>Not found</html>' }],
    ['a blank name', { name: '   ', ics: GOOGLE }],
  ])('refuses %s with 400 and stores nothing', async (_what, payload) => {
    const h = await t.household('Bad input');
    const res = await post(h.auth, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: expect.objectContaining({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) }) });
    expect(await list(h.auth)).toEqual([]);
    const consents = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: h.auth });
    expect(consents.json().consents.calendars).toBe(false);
  });

  it('keeps households apart: another household gets 404 and never sees the events', async () => {
    const a = await t.household('A');
    const b = await t.household('B');
    const created = (await post(a.auth, { name: 'A cal', ics: GOOGLE })).json();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/calendars/${created.id}`, headers: b.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/calendars/${created.id}/refresh`, headers: b.auth })).statusCode).toBe(404);
    expect((await agenda(b.auth, '?from=2026-03-23&to=2026-04-06')).json().events).toEqual([]);
    expect(await list(b.auth)).toEqual([]);
    expect((await agenda(a.auth, '?from=2026-03-23&to=2026-04-06')).json().events.length).toBeGreaterThan(0);
  });

  it('deletes a calendar and its events', async () => {
    const h = await t.household('Delete');
    const created = (await post(h.auth, { name: 'Gone', ics: MEETUP })).json();
    expect(created).toMatchObject({ eventCount: 4, warningCount: 1 });
    published = [];
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/calendars/${created.id}`, headers: h.auth });
    expect(res.statusCode).toBe(204);
    expect(await list(h.auth)).toEqual([]);
    expect((await agenda(h.auth, '?from=2026-03-01&to=2026-05-01')).json().events).toEqual([]);
    expect(published.map((e) => e.type)).toEqual(['agenda.updated']);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/calendars/${created.id}`, headers: h.auth })).statusCode).toBe(404);
  });

  it('returns no events once the household turns calendars consent off, and stops fetching', async () => {
    const h = await t.household('Consent');
    feeds.routes.set(`/consent-${kind}.ics`, { kind: 'ics', body: GOOGLE, etag: '"c1"' });
    expect((await post(h.auth, { name: 'Feed', url: feeds.url(`/consent-${kind}.ics`) })).statusCode).toBe(201);
    expect((await agenda(h.auth, '?from=2026-03-23&to=2026-04-06')).json().events.length).toBe(7);
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { calendars: false } });
    expect((await agenda(h.auth, '?from=2026-03-23&to=2026-04-06')).json().events).toEqual([]);
    expect(await t.app.calendar.agenda(h.id, new Date('2026-03-23T00:00:00Z'), new Date('2026-04-06T00:00:00Z'))).toEqual([]);
    const before = feeds.requests.filter((r) => r.path === `/consent-${kind}.ics`).length;
    t.clock.advanceHours(2);
    await t.app.calendar.refreshDue();
    expect(feeds.requests.filter((r) => r.path === `/consent-${kind}.ics`).length).toBe(before);
    t.clock.set('2026-03-23T07:00:00Z');
  });

  it('refuses a bad agenda window', async () => {
    const h = await t.household('Window');
    expect((await agenda(h.auth, '?from=2026-04-02&to=2026-03-30')).json().error.code).toBe('INVALID_WINDOW');
    expect((await agenda(h.auth, '?from=2026-01-01&to=2027-06-01')).json().error.code).toBe('WINDOW_TOO_LONG');
    expect((await agenda(h.auth, '?from=yesterday')).statusCode).toBe(400);
    expect((await agenda(h.auth, '?days=3')).statusCode).toBe(400);
  });

  describe('URL feeds', () => {
    it('fetches at once, then refreshes with conditional requests (304), and picks up changes', async () => {
      const h = await t.household('Feed');
      const feedPath = `/cal-${kind}.ics`;
      feeds.routes.set(feedPath, { kind: 'ics', body: GOOGLE, etag: '"v1"', lastModified: 'Mon, 23 Mar 2026 06:00:00 GMT' });
      const created = await post(h.auth, { name: 'Work', url: feeds.url(feedPath) });
      expect(created.statusCode).toBe(201);
      const calendar = created.json();
      expect(calendar).toMatchObject({ source: 'url', url: feeds.url(feedPath), status: 'ok', eventCount: 7 });
      expect(feeds.requests.filter((r) => r.path === feedPath)).toEqual([{ path: feedPath, ifNoneMatch: null, ifModifiedSince: null }]);

      // Not due yet: nothing is fetched.
      await t.app.calendar.refreshDue();
      expect(feeds.requests.filter((r) => r.path === feedPath)).toHaveLength(1);

      t.clock.advanceHours(1);
      published = [];
      const summary = await t.app.calendar.refreshDue();
      expect(summary).toMatchObject({ unchanged: expect.any(Number), failed: 0 });
      const conditional = feeds.requests.filter((r) => r.path === feedPath);
      expect(conditional[1]).toEqual({ path: feedPath, ifNoneMatch: '"v1"', ifModifiedSince: 'Mon, 23 Mar 2026 06:00:00 GMT' });
      expect(published.filter((e) => e.householdId === h.id)).toEqual([]);
      const afterNotModified = (await list(h.auth))[0];
      expect(afterNotModified).toMatchObject({ status: 'ok', refreshedAt: '2026-03-23T08:00:00.000Z' });

      // The window read (and kept) for this version first: the next version must not be answered from it.
      const first = (await agenda(h.auth, '?from=2026-03-24&to=2026-03-25')).json().events.map((e: { title: string }) => e.title);
      expect(first).not.toContain('Paris.js #112 — TypeScript & Temporal');
      feeds.routes.set(feedPath, { kind: 'ics', body: MEETUP, etag: '"v2"' });
      t.clock.advanceHours(1);
      await t.app.calendar.refreshDue();
      expect(published.filter((e) => e.householdId === h.id).map((e) => e.type)).toEqual(['agenda.updated']);
      const titles = (await agenda(h.auth, '?from=2026-03-24&to=2026-03-25')).json().events.map((e: { title: string }) => e.title);
      expect(titles).toEqual(['Paris.js #112 — TypeScript & Temporal']);
      expect((await list(h.auth))[0]).toMatchObject({ eventCount: 4, warningCount: 1 });

      // A failing host: the last good copy stays in use and the error is shown.
      feeds.routes.set(feedPath, { kind: 'status', status: 503 });
      const refreshed = await t.app.inject({ method: 'POST', url: `/api/v1/calendars/${calendar.id}/refresh`, headers: h.auth });
      expect(refreshed.json()).toMatchObject({ status: 'error', lastError: 'FEED_HTTP_ERROR' });
      expect((await agenda(h.auth, '?from=2026-03-24&to=2026-03-25')).json().events).toHaveLength(1);
      t.clock.set('2026-03-23T07:00:00Z');
    });

    it('aborts an oversize feed with a clear error and stores nothing', async () => {
      const h = await t.household('Huge');
      feeds.routes.set('/endless.ics', { kind: 'endless' });
      feeds.routes.set('/declared.ics', { kind: 'declaredHuge' });
      // The cap is 50 MiB in production; 4 MiB here keeps the test quick with the same code path.
      const cap = t.app.calendar.options.maxBytes;
      t.app.calendar.options.maxBytes = 4 * 1024 * 1024;
      try {
        feeds.bytesSent = 0;
        const res = await post(h.auth, { name: 'Huge', url: feeds.url('/endless.ics') });
        expect(res.statusCode).toBe(422);
        expect(res.json().error).toEqual({ code: 'FEED_TOO_LARGE', message: 'The calendar feed is larger than 4 MB; it was not downloaded.' });
        // Streaming stopped near the cap instead of reading the whole (endless) response.
        expect(feeds.bytesSent).toBeLessThan(12 * 1024 * 1024);
        const declared = await post(h.auth, { name: 'Declared', url: feeds.url('/declared.ics') });
        expect(declared.json().error.code).toBe('FEED_TOO_LARGE');
      } finally {
        t.app.calendar.options.maxBytes = cap;
      }
      expect(await list(h.auth)).toEqual([]);
      expect(t.app.calendar.options.maxBytes).toBe(50 * 1024 * 1024);
    });

    it('refuses unreachable, failing, non-calendar and silent feeds without storing anything', async () => {
      const h = await t.household('Broken feeds');
      feeds.routes.set('/html', { kind: 'ics', body: '<!doctype html><html><body>Sign in</body></html>' });
      feeds.routes.set('/error', { kind: 'status', status: 500 });
      feeds.routes.set('/silent', { kind: 'silent' });
      expect((await post(h.auth, { name: 'x', url: feeds.url('/html') })).json().error.code).toBe('FEED_NOT_ICS');
      expect((await post(h.auth, { name: 'x', url: feeds.url('/error') })).json().error.code).toBe('FEED_HTTP_ERROR');
      expect((await post(h.auth, { name: 'x', url: 'http://127.0.0.1:9/nothing.ics' })).json().error.code).toBe('FEED_UNREACHABLE');
      const timeout = t.app.calendar.options.timeoutMs;
      t.app.calendar.options.timeoutMs = 300;
      try {
        expect((await post(h.auth, { name: 'x', url: feeds.url('/silent') })).json().error.code).toBe('FEED_TIMEOUT');
      } finally {
        t.app.calendar.options.timeoutMs = timeout;
      }
      expect(await list(h.auth)).toEqual([]);
    });
  });
});
