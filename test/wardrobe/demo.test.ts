import { seedWardrobeDemo } from '@server/wardrobe/demo';
import { CATEGORIES } from '@server/wardrobe/kinds';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

describe('demo wardrobe', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it.each([
    ['fr-FR', 'Trench beige'],
    ['en-US', 'Beige trench'],
  ])('gives each of the two people in a %s household 30+ garments of every category, named in its language', async (locale, trench) => {
    const created = await t.app.households.create({ name: 'Demo', locale, profiles: [{ name: 'A' }, { name: 'B' }] });
    await seedWardrobeDemo(t.app, { household: created.household, profiles: created.profiles, token: created.token });
    for (const profile of created.profiles) {
      const own = (await t.app.wardrobe.list(created.household.id, { profileId: profile.id })).filter((g) => g.profileId === profile.id);
      expect(own.length).toBeGreaterThanOrEqual(30);
      const wearable = await t.app.wardrobe.list(created.household.id, { profileId: profile.id });
      expect(new Set(wearable.map((g) => g.category))).toEqual(new Set(CATEGORIES));
    }
    const all = await t.app.wardrobe.list(created.household.id);
    expect(all.map((g) => g.name)).toContain(trench);
    // The demo person can be dressed today: the engine finds outfits for both.
    for (const profile of created.profiles) {
      const s = await t.app.outfits.suggest(created.household.id, { profileId: profile.id, overrides: { weather: { temperature: 9 } } });
      expect(s.outfits).toHaveLength(3);
    }
  });
});
