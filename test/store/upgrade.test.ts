import { Migrator, sql, type Migration } from 'kysely';
import { buildMigrationProvider } from '@server/store/migrations';
import { MIGRATION_LOCK_ID } from '@server/store/store';
import { createTestStore, describeEachStore, type TestStore } from '@test/helpers/stores';

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
    if (kind === 'sqlite') await run(t.store.db);
    else
      await t.store.db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
        try {
          await run(conn);
        } finally {
          await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
        }
      });
    const applied = await t.store.migrate();
    expect(applied).toEqual(Object.keys(all).filter((name) => !FIRST_ROUND.includes(name)).sort());
    expect(applied).toContain('0010_households_token_scopes');
    expect(await t.store.migrate()).toEqual([]);
  });
});
