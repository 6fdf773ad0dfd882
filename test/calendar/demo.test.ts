import { seedCalendarDemo } from '@server/calendar/demo';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

describe('calendar demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A Monday morning.
    t = await buildTestApp({ now: '2026-11-30T07:00:00Z' });
  });
  afterAll(async () => t.close());

  async function demoHousehold(locale: 'fr-FR' | 'en-US', timezone: string) {
    const created = await t.app.households.create({ name: 'Demo', locale, timezone, profiles: [{ name: 'A' }, { name: 'B' }] });
    await seedCalendarDemo(t.app, created);
    return created.household.id;
  }

  it('gives the French demo household a day to dress for, relative to the clock', async () => {
    const id = await demoHousehold('fr-FR', 'Europe/Paris');
    const today = await t.app.calendar.agenda(id, new Date('2026-11-29T23:00:00Z'), new Date('2026-11-30T23:00:00Z'));
    expect(today.map((e) => [e.title, e.start, e.end, e.location])).toEqual([
      ['Rendez-vous client : revue trimestrielle', '2026-11-30T10:00:00+01:00', '2026-11-30T11:30:00+01:00', 'Cabinet Lefèvre, 12 rue de la Paix, Paris'],
      ['Salle de sport', '2026-11-30T18:30:00+01:00', '2026-11-30T19:30:00+01:00', 'Basic-Fit, boulevard Voltaire'],
      ['Dîner chez les Bernard', '2026-11-30T20:00:00+01:00', '2026-11-30T22:30:00+01:00', '8 rue des Martyrs, Paris'],
    ]);
    const week = await t.app.calendar.agenda(id, new Date('2026-11-29T23:00:00Z'), new Date('2026-12-06T23:00:00Z'));
    expect(week.filter((e) => e.title === 'Salle de sport').map((e) => e.start.slice(0, 10))).toEqual(['2026-11-30', '2026-12-02', '2026-12-04']);
    expect(week.filter((e) => e.allDay).map((e) => [e.title, e.start, e.end])).toEqual([['Anniversaire de Mamie', '2026-12-03', '2026-12-04']]);
    expect(week.filter((e) => e.title === "Point d'équipe hebdo").map((e) => e.start)).toEqual(['2026-12-01T09:30:00+01:00']);
    expect(week.find((e) => e.title === 'Salle de sport')?.categories).toEqual(['SPORT']);
    const calendars = await t.app.calendar.list(id);
    const people = await t.app.households.listProfiles(id);
    // Both are created at the same instant, so their listing order is not part of the promise.
    expect([...calendars].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      expect.objectContaining({ name: 'Famille', source: 'ics', warningCount: 0, profileId: null }),
      expect.objectContaining({ name: 'Travail – A', source: 'ics', warningCount: 0, profileId: people[0].id }),
    ]);
    // Each person's day: the shared calendar and their own, never the other person's work.
    const forB = await t.app.calendar.agenda(id, new Date('2026-11-29T23:00:00Z'), new Date('2026-11-30T23:00:00Z'), { profileId: people[1].id });
    expect(forB.map((e) => e.title)).toEqual(['Dîner chez les Bernard']);
    const forA = await t.app.calendar.agenda(id, new Date('2026-11-29T23:00:00Z'), new Date('2026-11-30T23:00:00Z'), { profileId: people[0].id });
    expect(forA.map((e) => e.title)).toEqual(today.map((e) => e.title));
  });

  it('writes the American demo in English and in its own zone', async () => {
    const id = await demoHousehold('en-US', 'America/New_York');
    const today = await t.app.calendar.agenda(id, new Date('2026-11-30T05:00:00Z'), new Date('2026-12-01T05:00:00Z'));
    expect(today.map((e) => [e.title, e.start])).toEqual([
      ['Client meeting: quarterly review', '2026-11-30T10:00:00-05:00'],
      ['Gym', '2026-11-30T18:30:00-05:00'],
      ['Dinner with the Johnsons', '2026-11-30T20:00:00-05:00'],
    ]);
  });
});
