import { demoGarmentInputs } from '@server/wardrobe/demo';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

type Household = Awaited<ReturnType<TestApp['household']>>;

describeEachStore('people: remove, comfort, voice profile', (kind) => {
  let t: TestApp;
  let home: Household;
  let other: Household;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    home = await t.household('Maison', 'fr-FR');
    other = await t.household('Ailleurs', 'fr-FR');
  });
  afterAll(async () => t.close());

  const call = (h: Household, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: h.auth, ...(payload ? { payload } : {}) });
  const count = async (table: 'garments' | 'outfit_feedback' | 'calendars' | 'garment_wear', profileId: string) =>
    (await t.app.store.db.selectFrom(table).select('profile_id').where('profile_id', '=', profileId).execute()).length;

  it('removes a person with their garments, feedback and own calendars in one go, and says what went', async () => {
    const julien = (await call(home, 'POST', '/api/v1/profiles', { name: 'Julien' })).json();
    expect(julien).toMatchObject({ name: 'Julien', comfort: 'neutral', voicePersonId: null, isDefault: false });
    await t.app.wardrobe.createMany(home.id, demoGarmentInputs('fr-FR', home.profileId, julien.id));
    const theirs = (await call(home, 'GET', `/api/v1/wardrobe/items?profile=${julien.id}`)).json().items as { id: string; profileId: string }[];
    const own = theirs.filter((g) => g.profileId === julien.id);
    expect(own.length).toBeGreaterThan(0);
    const fb = await call(home, 'POST', '/api/v1/outfits/feedback', { profile: julien.id, garmentIds: [own[0].id], rating: 'too_cold', date: '2026-11-30' });
    expect(fb.statusCode).toBe(201);
    const cal = await call(home, 'POST', '/api/v1/calendars', { name: 'Julien — sport', ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', profileId: julien.id });
    expect(cal.statusCode).toBe(201);
    const householdGarments = (await call(home, 'GET', '/api/v1/wardrobe/items')).json().items.length as number;

    // Read first, so the household's people sit in the read cache: the removal must clear them there too.
    expect((await call(home, 'GET', '/api/v1/household')).json().profiles).toHaveLength(2);
    const preview = await call(home, 'GET', `/api/v1/profiles/${julien.id}/removal`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({ garments: own.length, feedback: 1, calendars: 1 });

    const removed = await call(home, 'DELETE', `/api/v1/profiles/${julien.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ removed: { garments: own.length, feedback: 1, calendars: 1 } });
    for (const table of ['garments', 'outfit_feedback', 'calendars', 'garment_wear'] as const) expect(await count(table, julien.id)).toBe(0);
    expect((await call(home, 'GET', '/api/v1/wardrobe/items')).json().items).toHaveLength(householdGarments - own.length);
    expect((await call(home, 'GET', '/api/v1/household')).json().profiles.map((p: { name: string }) => p.name)).toEqual(['Maison']);
    expect((await call(home, 'DELETE', `/api/v1/profiles/${julien.id}`)).statusCode).toBe(404);
  });

  it('refuses to remove the last person (409 LAST_PERSON) and a person of another household (404), changing nothing', async () => {
    const last = await call(home, 'DELETE', `/api/v1/profiles/${home.profileId}`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('LAST_PERSON');
    expect(last.json().error.message).toContain('Maison');
    const foreign = await call(home, 'DELETE', `/api/v1/profiles/${other.profileId}`);
    expect(foreign.statusCode).toBe(404);
    expect((await call(other, 'GET', '/api/v1/profiles')).json().profiles).toHaveLength(1);
    expect((await call(home, 'GET', '/api/v1/profiles')).json().profiles).toHaveLength(1);
  });

  it('removing the default person makes the next one the default', async () => {
    const h = await t.household('Deux', 'en-US');
    const sam = (await call(h, 'POST', '/api/v1/profiles', { name: 'Sam' })).json();
    expect((await call(h, 'DELETE', `/api/v1/profiles/${h.profileId}`)).statusCode).toBe(200);
    expect((await call(h, 'GET', '/api/v1/profiles')).json().profiles).toEqual([expect.objectContaining({ id: sam.id, isDefault: true })]);
  });

  it('sets the comfort setting; a value outside warm/neutral/cold is a 400 that changes nothing', async () => {
    const res = await call(home, 'PATCH', `/api/v1/profiles/${home.profileId}`, { comfort: 'cold' });
    expect(res.statusCode).toBe(200);
    expect(res.json().comfort).toBe('cold');
    const bad = await call(home, 'PATCH', `/api/v1/profiles/${home.profileId}`, { comfort: 'freezing' });
    expect(bad.statusCode).toBe(400);
    expect((await call(home, 'GET', '/api/v1/profiles')).json().profiles[0].comfort).toBe('cold');
    const created = await call(home, 'POST', '/api/v1/profiles', { name: 'Léa', comfort: 'warm' });
    expect(created.json().comfort).toBe('warm');
    await call(home, 'DELETE', `/api/v1/profiles/${created.json().id}`);
  });

  it('links a voice profile id, refuses the same id for a second person (409 on the field), and unlinks with null', async () => {
    const lea = (await call(home, 'POST', '/api/v1/profiles', { name: 'Léa' })).json();
    const voice = 'amzn1.ask.person.AAAA1234';
    const linked = await call(home, 'PATCH', `/api/v1/profiles/${home.profileId}`, { voicePersonId: voice });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().voicePersonId).toBe(voice);
    expect((await t.app.households.profileByVoicePerson(home.id, voice))?.id).toBe(home.profileId);

    const clash = await call(home, 'PATCH', `/api/v1/profiles/${lea.id}`, { voicePersonId: voice, name: 'Léa B' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'VOICE_PERSON_TAKEN', field: 'voicePersonId' });
    expect((await call(home, 'GET', '/api/v1/profiles')).json().profiles.find((p: { id: string }) => p.id === lea.id)).toMatchObject({ name: 'Léa', voicePersonId: null });

    // Another household may map the same voice id (ids are per skill and account, not global).
    expect((await call(other, 'PATCH', `/api/v1/profiles/${other.profileId}`, { voicePersonId: voice })).statusCode).toBe(200);
    expect((await call(home, 'PATCH', `/api/v1/profiles/${home.profileId}`, { voicePersonId: 'has space' })).statusCode).toBe(400);

    const cleared = await call(home, 'PATCH', `/api/v1/profiles/${home.profileId}`, { voicePersonId: null });
    expect(cleared.json().voicePersonId).toBeNull();
    expect((await call(home, 'PATCH', `/api/v1/profiles/${lea.id}`, { voicePersonId: voice })).statusCode).toBe(200);
    await call(home, 'DELETE', `/api/v1/profiles/${lea.id}`);
  });

  it('keeps voice ids from the mirror: the display token reads the people without them', async () => {
    await call(home, 'PATCH', `/api/v1/profiles/${home.profileId}`, { voicePersonId: 'amzn1.ask.person.BBBB' });
    const display = (await call(home, 'POST', '/api/v1/tokens', { scope: 'display', label: 'mirror' })).json().token as string;
    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: { authorization: `Bearer ${display}` } });
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('amzn1.ask.person.BBBB');
    expect(seen.json().profiles[0]).toMatchObject({ name: 'Maison', comfort: expect.any(String) });
    const asApp = (await call(home, 'GET', '/api/v1/household')).json();
    expect(asApp.profiles[0].voicePersonId).toBe('amzn1.ask.person.BBBB');
    const forbidden = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${home.profileId}`, headers: { authorization: `Bearer ${display}` } });
    expect(forbidden.statusCode).toBe(403);
  });
});
