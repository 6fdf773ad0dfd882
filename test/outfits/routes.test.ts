import type { DomainEvent } from '@server/core/events';
import { demoGarmentInputs } from '@server/wardrobe/demo';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

type Household = Awaited<ReturnType<TestApp['household']>>;

async function withWardrobe(t: TestApp, name: string, locale: string): Promise<Household & { second: string }> {
  const h = await t.household(name, locale);
  const second = (await t.app.households.addProfile(h.id, { name: 'Julien' })).id;
  await t.app.wardrobe.createMany(h.id, demoGarmentInputs(locale, h.profileId, second));
  return { ...h, second };
}

const COLD_RAIN = { temperature: 6, apparentTemperature: 3, windSpeed: 6, precipitation: 3, precipitationProbability: 95, weatherType: 'rain' } as const;
const COLD_DRY = { temperature: 3, apparentTemperature: 1, windSpeed: 2, precipitation: 0, precipitationProbability: 5, weatherType: 'clear' } as const;

describe('outfit routes', () => {
  let t: TestApp;
  let fr: Household & { second: string };
  let en: Household & { second: string };
  beforeAll(async () => {
    t = await buildTestApp();
    fr = await withWardrobe(t, 'Maison', 'fr-FR');
    en = await withWardrobe(t, 'Home', 'en-US');
  });
  afterAll(async () => t.close());

  const suggest = (h: Household, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/outfits/suggest', headers: h.auth, payload });

  it('suggests for a what-if day with the given weather and events, in the household language', async () => {
    const res = await suggest(fr, {
      date: '2026-12-01',
      profile: 'Julien',
      weather: COLD_RAIN,
      events: [{ title: 'Entretien chez Acme', start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T11:00:00+01:00', location: 'La Défense' }],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.outfits).toHaveLength(3);
    expect(body.context).toMatchObject({ date: '2026-12-01', profileId: fr.second, typicalWeather: false });
    expect(body.context.events[0]).toMatchObject({ title: 'Entretien chez Acme' });
    expect(body.context.weather).toMatchObject({ minApparentTemperature: 3, maxPrecipitationProbability: 95, hours: expect.any(Array) });
    expect(body.bring).toContain('umbrella');
    expect(body.bringLabels).toContain('parapluie');
    expect(body.outfits[0].explanation).toMatch(/entretien à 10\u00a0h/i);
    expect(body.outfits[0].explanation).toMatch(/ : .+\.$/);
    const items = (await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items?profile=${fr.second}`, headers: fr.auth })).json().items as { id: string; formality: string; category: string }[];
    const byId = new Map(items.map((g) => [g.id, g]));
    for (const o of body.outfits) {
      expect(o.score).toBeGreaterThan(0);
      for (const id of o.garmentIds) expect(byId.has(id)).toBe(true);
    }
    const [sorted] = [body.outfits.map((o: { score: number }) => o.score)];
    expect([...sorted].sort((a: number, b: number) => b - a)).toEqual(sorted);
  });

  it('never suggests a garment in the laundry, the favourite coat included', async () => {
    const first = (await suggest(en, { date: '2026-12-02', weather: COLD_DRY })).json();
    const items = (await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items?category=outerwear', headers: en.auth })).json().items as { id: string }[];
    const coatId = first.outfits[0].garmentIds.find((id: string) => items.some((g) => g.id === id));
    expect(coatId).toBeDefined();
    await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${coatId}`, headers: en.auth, payload: { available: false } });
    for (const weather of [COLD_DRY, COLD_RAIN, { temperature: 12 }]) {
      const res = (await suggest(en, { date: '2026-12-02', weather })).json();
      expect(res.outfits.length).toBeGreaterThan(0);
      for (const o of res.outfits) expect(o.garmentIds).not.toContain(coatId);
    }
    await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${coatId}`, headers: en.auth, payload: { available: true } });
    expect((await suggest(en, { date: '2026-12-02', weather: COLD_DRY })).json().outfits[0].garmentIds).toContain(coatId);
  });

  it("answers today's suggestion without a forecast from the season, and says so", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today', headers: fr.auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.context.weather).toBeNull();
    expect(body.context.typicalWeather).toBe(true);
    expect(body.outfits[0].explanation).toMatch(/^Pas de prévision/);
  });

  it('publishes outfit.ready when today’s suggestion is computed or changes, not for what-ifs or repeats', async () => {
    const seen: DomainEvent[] = [];
    const off = t.app.events.subscribe((e) => {
      if (e.type === 'outfit.ready') seen.push(e);
    });
    try {
      await t.app.inject({ method: 'GET', url: `/api/v1/outfits/today?profile=${en.profileId}`, headers: en.auth });
      await t.app.inject({ method: 'GET', url: `/api/v1/outfits/today?profile=${en.profileId}`, headers: en.auth });
      await suggest(en, { weather: COLD_RAIN });
      expect(seen).toEqual([expect.objectContaining({ householdId: en.id, payload: { profileId: en.profileId, date: '2026-11-30' } })]);
    } finally {
      off();
    }
  });

  it('answers an empty wardrobe with what is missing and a localized message', async () => {
    const empty = await t.household('Vide', 'fr-FR');
    const body = (await suggest(empty, { weather: COLD_DRY })).json();
    expect(body.outfits).toEqual([]);
    expect(body.missing).toEqual(['top', 'bottom', 'footwear']);
    expect(body.message).toBe('Il manque un haut, un bas ou une robe et des chaussures dans votre garde-robe pour proposer une tenue.');
  });

  it('validates its input', async () => {
    for (const payload of [{ weather: { temperature: 'cold' } }, { wether: COLD_DRY }, { date: '2026-13-45x' }, { events: [{ title: 'x' }] }]) {
      const res = await suggest(fr, payload);
      expect(res.statusCode).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today?date=tomorrow', headers: fr.auth })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today?profile=nobody', headers: fr.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/outfits/today' })).statusCode).toBe(401);
  });
});

describeEachStore('outfit feedback', (kind) => {
  let t: TestApp;
  let h: Household & { second: string };
  let garmentIds: string[];
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    h = await withWardrobe(t, 'Home', 'en-US');
    garmentIds = (await t.app.outfits.suggest(h.id, { overrides: { weather: COLD_DRY } })).outfits[0].garmentIds;
  });
  afterAll(async () => t.close());

  const feedback = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/outfits/feedback', headers: h.auth, payload });
  const personalisation = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/outfits/personalisation', headers: h.auth })).json();

  it('without consent, records the wear only and learns nothing', async () => {
    const res = await feedback({ garmentIds, rating: 'too_warm' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ profileId: h.profileId, date: '2026-11-30', rating: 'too_warm', learned: false });
    expect(await personalisation()).toEqual({ profileId: h.profileId, learning: false, comfortOffset: 0, feedbackCount: 0 });
    const worn = (await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/worn?from=2026-11-30&to=2026-11-30', headers: h.auth })).json().worn;
    expect(worn.map((w: { garmentId: string }) => w.garmentId).sort()).toEqual([...garmentIds].sort());
  });

  it('with consent, too_warm shifts the comfort offset and likes train the head, kept in the store', async () => {
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { feedback_learning: true } });
    expect((await feedback({ garmentIds, rating: 'too_warm', date: '2026-11-29' })).json().learned).toBe(true);
    expect((await feedback({ garmentIds, rating: 'too_warm', date: '2026-11-28' })).statusCode).toBe(201);
    expect(await personalisation()).toMatchObject({ learning: true, comfortOffset: 2, feedbackCount: 2 });
    expect((await feedback({ garmentIds, rating: 'like', date: '2026-11-27' })).statusCode).toBe(201);
    const row = await t.app.store.db.selectFrom('outfit_profiles').selectAll().where('profile_id', '=', h.profileId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.head).some((w: number) => w !== 0)).toBe(true);
    expect(row.feedback_count).toBe(3);
    const s = await t.app.outfits.suggest(h.id, { overrides: { weather: COLD_DRY } });
    expect(s.personalised).toBe(true);
  });

  it('stops using what was learned when consent is withdrawn', async () => {
    await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { feedback_learning: false } });
    const s = await t.app.outfits.suggest(h.id, { overrides: { weather: COLD_DRY } });
    expect(s.personalised).toBe(false);
    expect((await feedback({ garmentIds, rating: 'too_cold' })).json().learned).toBe(false);
    expect((await personalisation()).comfortOffset).toBe(2);
  });

  it('refuses unknown garments and bad ratings without writing anything', async () => {
    const before = await t.app.store.db.selectFrom('outfit_feedback').select('id').execute();
    expect((await feedback({ garmentIds: [garmentIds[0], 'nope'], rating: 'like' })).statusCode).toBe(404);
    expect((await feedback({ garmentIds, rating: 'meh' })).statusCode).toBe(400);
    expect((await feedback({ garmentIds: [], rating: 'like' })).statusCode).toBe(400);
    const after = await t.app.store.db.selectFrom('outfit_feedback').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('forgets a person on request', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/outfits/personalisation', headers: h.auth });
    expect(res.statusCode).toBe(204);
    expect(await personalisation()).toMatchObject({ comfortOffset: 0, feedbackCount: 0 });
  });
});
