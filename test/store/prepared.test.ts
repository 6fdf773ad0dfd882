import { prepare } from '@server/store/prepared';
import { createTestStore, describeEachStore, type TestStore } from '@test/helpers/stores';

const AT = '2026-11-30T07:00:00.000Z';

describeEachStore('prepared queries', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(kind);
    for (const [id, zone] of [['pq-a', 'Europe/Paris'], ['pq-b', 'America/New_York']]) {
      await t.store.db
        .insertInto('households')
        .values({ id, name: id, locale: 'en-US', timezone: zone, latitude: null, longitude: null, currency: 'EUR', settings: '{}', created_at: AT })
        .execute();
    }
  });
  afterAll(async () => t.dispose());

  const zoneOf = prepare((db, p: { id: string; locale: string }) => db.selectFrom('households').select(['id', 'timezone']).where('id', '=', p.id).where('locale', '=', p.locale).limit(1));
  const rename = prepare((db, p: { id: string; name: string }) => db.updateTable('households').set({ name: p.name }).where('id', '=', p.id));

  it('binds each call its own parameters, in and out of transactions, with constants kept', async () => {
    expect(await zoneOf.first(t.store.db, { id: 'pq-a', locale: 'en-US' })).toEqual({ id: 'pq-a', timezone: 'Europe/Paris' });
    expect(await zoneOf.first(t.store.db, { id: 'pq-b', locale: 'en-US' })).toEqual({ id: 'pq-b', timezone: 'America/New_York' });
    expect(await zoneOf.first(t.store.db, { id: 'pq-b', locale: 'fr-FR' })).toBeUndefined();
    await t.store.transaction(async (tx) => {
      expect(await rename.affected(tx, { id: 'pq-a', name: 'Renamed' })).toBe(1);
      expect(await rename.affected(tx, { id: 'nobody', name: 'x' })).toBe(0);
      expect(await zoneOf.all(tx, { id: 'pq-a', locale: 'en-US' })).toHaveLength(1);
    });
    const row = await t.store.db.selectFrom('households').select('name').where('id', '=', 'pq-a').executeTakeFirstOrThrow();
    expect(row.name).toBe('Renamed');
  });

  it('is not fooled by values that look like SQL', async () => {
    expect(await zoneOf.first(t.store.db, { id: "pq-a' or '1'='1", locale: 'en-US' })).toBeUndefined();
  });
});
