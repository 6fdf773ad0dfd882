import fs from 'node:fs';
import path from 'node:path';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { FaultyServer } from '@test/resilience/stub-servers';
import { SKILL_ID, intentRequest } from '@test/skills/helpers/alexa-envelopes';
import { demoHome } from '@test/skills/helpers/demo-home';
import { askAlexa, linkAlexaUser, spoken } from '@test/skills/helpers/skill-app';

const weatherFixture = fs.readFileSync(path.resolve(__dirname, '../weather/fixtures/open-meteo-paris.json'), 'utf8');
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//miroir//consent//EN',
  'BEGIN:VEVENT',
  'UID:standup@test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261130T090000Z',
  'DTEND:20261130T093000Z',
  'SUMMARY:Stand-up',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

/** Off means not collected and not used: each consent flipped off, checked through the public API. */
describe('consent per data source', () => {
  let t: TestApp;
  let outside: FaultyServer;
  beforeAll(async () => {
    outside = new FaultyServer();
    await outside.start();
    // The stand-in outside server (weather, feeds) is on this machine: feeds from it are allowed explicitly.
    t = await buildTestApp({ env: { OPEN_METEO_URL: `${outside.url}/v1`, ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false', MIROIR_CALENDAR_ALLOW_NETWORKS: '127.0.0.1/32' } });
  });
  afterAll(async () => {
    await t.close();
    await outside.stop();
  });

  const consents = (auth: { authorization: string }, patch: Record<string, boolean>) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: auth, payload: patch });

  it('shows every source, off until granted, and refuses unknown sources and empty changes', async () => {
    const h = await t.household('Consent list');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: h.auth });
    // A location given at creation is the consent to use it; everything else waits for a yes.
    expect(res.json()).toEqual({ consents: { calendars: false, location: true, telemetry: false, voice_personalisation: false, feedback_learning: false } });
    expect((await consents(h.auth, { microphone: true })).statusCode).toBe(400);
    expect((await consents(h.auth, {})).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { telemetry: 'yes' } })).statusCode).toBe(400);
  });

  it('telemetry off: readings are refused and nothing is stored; on: they are', async () => {
    const h = await t.household('No telemetry');
    const supply = (await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: { name: 'Milk', unit: 'L', capacity: 2, level: 2 } })).json<{ id: string }>();
    const device = (await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.auth, payload: { name: 'Fridge', kind: 'fridge', supplyIds: [supply.id] } })).json<{ id: string; token: string }>();
    // Adding a device is the consent to its telemetry; the household then turns it off.
    await consents(h.auth, { telemetry: false });
    const send = (id: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${device.id}/telemetry`,
        headers: { authorization: `Bearer ${device.token}` },
        payload: { readings: [{ id, supplyId: supply.id, level: 0.4, unit: 'L', at: t.clock.now().toISOString() }] },
      });
    const refused = await send('off-1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: { code: 'CONSENT_REQUIRED', message: 'The household has not consented to Device readings; turn it on in the privacy settings first.' } });
    const stored = await t.testStore.store.db.selectFrom('readings').select('id').where('household_id', '=', h.id).where('source', '=', 'device').execute();
    expect(stored).toEqual([]);
    const level = (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: h.auth })).json<{ supplies: { level: number }[] }>().supplies[0].level;
    expect(level).toBe(2);

    await consents(h.auth, { telemetry: true });
    expect((await send('on-1')).statusCode).toBe(200);
    await consents(h.auth, { telemetry: false });
    expect((await send('off-2')).statusCode).toBe(403);
  });

  it('location off: the weather is unavailable and the provider is never asked', async () => {
    const h = await t.household('No location');
    outside.body = weatherFixture;
    await consents(h.auth, { location: false });
    const before = outside.requests;
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: h.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ current: null, hourly: [], daily: [], unavailable: { code: 'LOCATION_CONSENT_REQUIRED' } });
    expect(outside.requests).toBe(before);
    await consents(h.auth, { location: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: h.auth })).json<{ current: unknown }>().current).not.toBeNull();
    expect(outside.requests).toBeGreaterThan(before);
  });

  it('calendars off: the agenda is empty, feeds are not fetched, outfits see no events', async () => {
    const h = await t.household('No calendars');
    outside.mode = 'answer';
    outside.contentType = 'text/calendar';
    outside.body = ICS;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Work', url: `${outside.url}/work.ics` } });
    expect(created.statusCode).toBe(201);
    const agenda = () => t.app.inject({ method: 'GET', url: '/api/v1/agenda?from=2026-11-30T00:00:00Z&to=2026-12-01T00:00:00Z', headers: h.auth });
    expect((await agenda()).json<{ events: unknown[] }>().events).toHaveLength(1);

    await consents(h.auth, { calendars: false });
    expect((await agenda()).json<{ events: unknown[] }>().events).toEqual([]);
    const fetched = outside.requests;
    t.clock.advanceHours(2);
    await t.app.calendar.refreshDue();
    expect(outside.requests).toBe(fetched);
    const suggestion = await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today', headers: h.auth });
    if (suggestion.statusCode === 200) expect(suggestion.json<{ context: { events: unknown[] } }>().context.events).toEqual([]);
  });

  // Needs the fix in server/calendar/service.ts (refresh(): require the calendars consent before fetching).
  it('calendars off: asking for a refresh by hand does not fetch the feed either', async () => {
    const h = await t.household('No calendars, by hand');
    outside.mode = 'answer';
    outside.contentType = 'text/calendar';
    outside.body = ICS;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Work', url: `${outside.url}/work.ics` } });
    expect(created.statusCode).toBe(201);
    await consents(h.auth, { calendars: false });
    const fetched = outside.requests;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/calendars/${created.json<{ id: string }>().id}/refresh`, headers: h.auth });
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'CONSENT_REQUIRED']);
    expect(outside.requests).toBe(fetched);
  });

  it('an explicit "no" stays: giving a location, adding a calendar or a device, a voice location never turn it back on', async () => {
    const h = await t.household('Said no');
    await consents(h.auth, { location: false, calendars: false, telemetry: false });
    const state = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: h.auth })).json<{ consents: Record<string, boolean> }>().consents;

    const moved = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: h.auth, payload: { latitude: 45.76, longitude: 4.83 } });
    expect(moved.statusCode).toBe(200);
    await t.app.skills.services.setLocation(h.id, 43.3, 5.37);
    outside.body = weatherFixture;
    const weather = await t.app.inject({ method: 'GET', url: '/api/v1/weather', headers: h.auth });
    expect(weather.json()).toMatchObject({ current: null, unavailable: { code: 'LOCATION_CONSENT_REQUIRED' } });

    outside.mode = 'answer';
    outside.contentType = 'text/calendar';
    outside.body = ICS;
    const fetched = outside.requests;
    const calendar = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Work', url: `${outside.url}/work.ics` } });
    expect([calendar.statusCode, calendar.json().error.code]).toEqual([403, 'CONSENT_REQUIRED']);
    expect(outside.requests).toBe(fetched);
    const pasted = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Pasted', ics: ICS } });
    expect(pasted.statusCode).toBe(403);

    const supply = (await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: { name: 'Milk', unit: 'L', capacity: 2, level: 2 } })).json<{ id: string }>();
    const device = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.auth, payload: { name: 'Fridge', kind: 'fridge', supplyIds: [supply.id] } });
    expect(device.statusCode).toBe(201);

    expect(await state()).toMatchObject({ location: false, calendars: false, telemetry: false });
    // The household itself changes its mind: then the source is on.
    await consents(h.auth, { calendars: true });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Pasted', ics: ICS } })).statusCode).toBe(201);
  });

  it('a household that never answered gives its consent by the action itself', async () => {
    const h = await t.household('Never asked');
    const pasted = await t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Pasted', ics: ICS } });
    expect(pasted.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: h.auth })).json().consents.calendars).toBe(true);
  });

  it('feedback learning off: feedback is kept as wear history but nothing is learned or used', async () => {
    const h = await t.household('No learning');
    outside.contentType = 'application/json';
    outside.body = weatherFixture;
    const coat = (await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/items', headers: h.auth, payload: { name: 'Coat', kind: 'coat' } })).json<{ id: string }>();
    const give = () => t.app.inject({ method: 'POST', url: '/api/v1/outfits/feedback', headers: h.auth, payload: { garmentIds: [coat.id], rating: 'too_warm' } });
    const personalisation = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/outfits/personalisation', headers: h.auth })).json<{ learning: boolean; comfortOffset: number; feedbackCount: number }>();

    const off = await give();
    expect(off.statusCode).toBe(201);
    expect(off.json()).toMatchObject({ learned: false });
    expect(await personalisation()).toMatchObject({ learning: false, comfortOffset: 0, feedbackCount: 0 });

    await consents(h.auth, { feedback_learning: true });
    expect((await give()).json()).toMatchObject({ learned: true });
    const learned = await personalisation();
    expect(learned.feedbackCount).toBe(1);
    expect(learned.comfortOffset).not.toBe(0);
    // Turned off again: what was learned is no longer used.
    await consents(h.auth, { feedback_learning: false });
    expect(await personalisation()).toMatchObject({ learning: false });
  });

  // Needs the fix in server/skills/services.ts (profile(): map voicePersonId only when voice_personalisation is granted).
  it('voice personalisation off: a recognised voice is not mapped to its profile', async () => {
    outside.body = weatherFixture;
    const home = await demoHome(t, 'en-US');
    const user = 'amzn1.ask.account.CONSENT';
    await linkAlexaUser(t, home.auth, { userId: user });
    const second = home.profiles[1];
    await t.app.households.updateProfile(home.id, second.id, { voicePersonId: 'amzn1.ask.person.SECOND' });
    const ask = async (personId?: string) =>
      spoken(await askAlexa(t, intentRequest({ timestamp: t.clock.now().toISOString(), userId: user, ...(personId ? { personId } : {}) }, 'SuggestOutfit', { day: {}, occasion: {} })));
    // On: the recognised voice gets its own wardrobe, so the two answers differ.
    await consents(home.auth, { voice_personalisation: true });
    const anonymous = await ask();
    expect(await ask('amzn1.ask.person.SECOND')).not.toBe(anonymous);
    // Off: the voice is not used to pick a profile; the answer is the household's default one.
    await consents(home.auth, { voice_personalisation: false });
    expect(await ask('amzn1.ask.person.SECOND')).toBe(anonymous);
  });
});
