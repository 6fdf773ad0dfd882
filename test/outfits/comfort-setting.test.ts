import { demoGarmentInputs } from '@server/wardrobe/demo';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

/**
 * "I run cold / warm" must change what the person is told to wear: the same day and the same
 * wardrobe give a warmer outfit (more clo) to a person who runs cold, a lighter one to one who runs warm.
 */
describeEachStore('declared comfort in the recommendation', (kind) => {
  let t: TestApp;
  let h: Awaited<ReturnType<TestApp['household']>>;
  let warmthOf: Map<string, number>;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    h = await t.household('Maison', 'fr-FR');
    const second = (await t.app.households.addProfile(h.id, { name: 'Julien' })).id;
    await t.app.wardrobe.createMany(h.id, demoGarmentInputs('fr-FR', h.profileId, second));
    const items = (await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items?profile=${h.profileId}`, headers: h.auth })).json().items as { id: string; warmth: number }[];
    warmthOf = new Map(items.map((g) => [g.id, g.warmth]));
  });
  afterAll(async () => t.close());

  const topWarmth = async (comfort: string, apparentTemperature: number) => {
    const set = await t.app.inject({ method: 'PATCH', url: `/api/v1/profiles/${h.profileId}`, headers: h.auth, payload: { comfort } });
    expect(set.statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/outfits/suggest',
      headers: h.auth,
      payload: { date: '2026-12-01', weather: { temperature: apparentTemperature + 1, apparentTemperature, windSpeed: 2, precipitation: 0, precipitationProbability: 5, weatherType: 'clear' } },
    });
    expect(res.statusCode).toBe(200);
    const top = res.json().outfits[0].garmentIds as string[];
    return top.reduce((sum, id) => sum + (warmthOf.get(id) ?? 0), 0);
  };

  it.each([8, 14])('at %i °C apparent: runs cold > neutral > runs warm in total clo', async (temp) => {
    const neutral = await topWarmth('neutral', temp);
    const cold = await topWarmth('cold', temp);
    const warm = await topWarmth('warm', temp);
    expect(cold).toBeGreaterThan(neutral);
    expect(warm).toBeLessThan(neutral);
  });
});
