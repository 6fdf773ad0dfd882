import { Migrator, sql, type Migration } from 'kysely';
import { buildMigrationProvider } from '@server/store/migrations';
import { createTestStore, describeEachStore, underMigrationLock, type TestStore } from '@test/helpers/stores';

/** The migrations the first round shipped: a store it left behind has run exactly these. */
const FIRST_ROUND = [
  '0001_households_core',
  '0101_weather_forecasts',
  '0201_calendar_core',
  '0202_calendar_profile',
  '0301_wardrobe_garments',
  '0302_wardrobe_wear_log',
  '0401_outfits_personalisation',
  '0500_supplies_core',
  '0600_orders_core',
  '0701_skills_pairing_links_states',
  '0900_privacy_consents',
  '0901_privacy_audit',
  '0902_telemetry_daily',
];

describeEachStore('upgrading a store the first round left behind', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(kind, { migrate: false });
  });
  afterAll(async () => t.dispose());

  it('applies the new migrations, even those numbered before ones it already ran', async () => {
    const all = await buildMigrationProvider(kind).getMigrations();
    const firstRound: Record<string, Migration> = Object.fromEntries(FIRST_ROUND.map((name) => [name, all[name]]));
    const run = async (db: typeof t.store.db) => {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => firstRound }, ...(kind === 'postgres' ? { migrationTableSchema: t.where } : {}) });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
    };
    await underMigrationLock(t.store, run);
    const applied = await t.store.migrate();
    expect(applied).toEqual(Object.keys(all).filter((name) => !FIRST_ROUND.includes(name)).sort());
    expect(applied).toContain('0010_households_token_scopes');
    expect(await t.store.migrate()).toEqual([]);
  });
});

describeEachStore('a migration run that fails part way', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(kind, { migrate: false });
  });
  afterAll(async () => t.dispose());

  it('leaves the store as it was: no table, no migration recorded, and the next run completes', async () => {
    // A table in the way of one of the last migrations (the fleet's event log, 11xx): every
    // migration before it succeeds within the run, then that one fails.
    await sql`create table event_log (stray integer)`.execute(t.store.db);
    await expect(t.store.migrate()).rejects.toThrow();
    const tables = async (): Promise<string[]> =>
      kind === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.store.db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${t.where}`.execute(t.store.db)).rows.map((r) => r.name);
    // Only the stray table, not the households table of the first migration. Kysely creates its
    // bookkeeping tables before the run on PostgreSQL; they record no migration.
    expect((await tables()).filter((name) => !name.startsWith('kysely_'))).toEqual(['event_log']);
    if ((await tables()).includes('kysely_migration')) {
      expect((await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(t.store.db)).rows.map((r) => Number(r.n))).toEqual([0]);
    }
    await underMigrationLock(t.store, (db) => sql`drop table event_log`.execute(db));
    const applied = await t.store.migrate();
    expect(applied).toEqual(Object.keys(await buildMigrationProvider(kind).getMigrations()).sort());
  });
});
