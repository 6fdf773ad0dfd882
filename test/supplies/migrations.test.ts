import { sql } from 'kysely';
import { migrateTo } from '@test/helpers/migrate-to';
import { createTestStore, describeEachStore } from '@test/helpers/stores';

describeEachStore('0510: readings keyed per device', (kind) => {
  it('keeps every reading an older store held, and then lets two devices use the same reading id', async () => {
    const ts = await createTestStore(kind, { migrate: false });
    try {
      await migrateTo(ts, '0500_supplies_core');
      const at = '2026-11-30T07:00:00.000Z';
      const db = ts.store.db;
      await sql`insert into households (id, name, locale, timezone, created_at) values ('h1', 'Old home', 'en-US', 'Europe/Paris', ${at})`.execute(db);
      await sql`insert into supplies (id, household_id, name, unit, capacity, level, reorder_point, store_id, policy_mode, cancel_window_hours, margin_days, created_at, updated_at)
        values ('s1', 'h1', 'Milk', 'L', 2, 1, 0.4, 'simulated', 'ask', 24, 1, ${at}, ${at})`.execute(db);
      for (const d of ['d1', 'd2']) await sql`insert into devices (id, household_id, name, kind, created_at) values (${d}, 'h1', ${d}, 'fridge', ${at})`.execute(db);
      await sql`insert into readings (household_id, id, supply_id, device_id, level, at, received_at, source) values ('h1', '1', 's1', 'd1', 1.5, ${at}, ${at}, 'device')`.execute(db);
      await sql`insert into readings (household_id, id, supply_id, device_id, level, at, received_at, source) values ('h1', 'manual:a', 's1', null, 1.2, ${at}, ${at}, 'manual')`.execute(db);

      await ts.store.migrate();
      const rows = await db.selectFrom('readings').select(['origin', 'id', 'device_id', 'level', 'source']).orderBy('id').execute();
      expect(rows).toEqual([
        { origin: 'd1', id: '1', device_id: 'd1', level: 1.5, source: 'device' },
        { origin: '', id: 'manual:a', device_id: null, level: 1.2, source: 'manual' },
      ]);
      // The second device's own reading 1 is a reading of its own; the first device's resend is not.
      const insert = (device: string) =>
        db
          .insertInto('readings')
          .values({ household_id: 'h1', origin: device, id: '1', supply_id: 's1', device_id: device, level: 0.9, at, received_at: at, source: 'device' })
          .onConflict((oc) => oc.columns(['household_id', 'origin', 'id']).doNothing())
          .executeTakeFirst();
      expect(Number((await insert('d2')).numInsertedOrUpdatedRows)).toBe(1);
      expect(Number((await insert('d1')).numInsertedOrUpdatedRows ?? 0)).toBe(0);
    } finally {
      await ts.dispose();
    }
  });
});
