import { sql } from 'kysely';
import { allMigrationNames } from '@server/store/migrations';
import { createTestStore, describeEachStore, type TestStore } from '@test/helpers/stores';

describeEachStore('store', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(kind, { migrate: false });
  });
  afterAll(async () => t.dispose());

  it('applies every migration once, in order, and is idempotent', async () => {
    const first = await t.store.migrate();
    expect(first).toEqual(allMigrationNames());
    const second = await t.store.migrate();
    expect(second).toEqual([]);
  });

  it('reports the dialect and answers a ping', async () => {
    expect(t.store.dialect).toBe(kind);
    expect(await t.store.ping()).toBe(true);
  });

  it('rolls a failed transaction back entirely', async () => {
    const now = new Date().toISOString();
    await expect(
      t.store.transaction(async (tx) => {
        await tx
          .insertInto('households')
          .values({ id: 'h-rollback', name: 'x', locale: 'en-US', timezone: 'UTC', latitude: null, longitude: null, currency: 'EUR', settings: '{}', created_at: now })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const row = await t.store.db.selectFrom('households').select('id').where('id', '=', 'h-rollback').executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('answers a transaction marked not durable without waiting for the disk, as atomically and for that transaction only', async () => {
    const now = new Date().toISOString();
    const household = (id: string) => ({ id, name: id, locale: 'en-US', timezone: 'UTC', latitude: null, longitude: null, currency: 'EUR', settings: '{}', created_at: now });
    // The WAL exists once anything was written (SQLite syncs it from then on).
    await t.store.transaction((tx) => tx.insertInto('households').values(household('h-durable')).execute());
    const syncsBefore = t.store.walSync?.syncs ?? 0;
    let insideSetting = '';
    await t.store.transaction(
      async (tx) => {
        await tx.insertInto('households').values(household('h-not-durable')).execute();
        insideSetting =
          kind === 'postgres'
            ? (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(tx)).rows[0].synchronous_commit
            : String((await sql<{ synchronous: number }>`pragma synchronous`.execute(tx)).rows[0].synchronous);
      },
      { durable: false },
    );
    // PostgreSQL: no wait for the WAL flush; SQLite: committed with NORMAL and never synced from here.
    expect(insideSetting).toBe(kind === 'postgres' ? 'off' : '1');
    if (kind === 'sqlite') expect(t.store.walSync!.syncs).toBe(syncsBefore);
    expect(await t.store.db.selectFrom('households').select('id').where('id', '=', 'h-not-durable').executeTakeFirst()).toEqual({ id: 'h-not-durable' });
    // The next transaction is durable again, and waits for the disk.
    await t.store.transaction(async (tx) => {
      await tx.insertInto('households').values(household('h-durable-again')).execute();
      insideSetting =
        kind === 'postgres'
          ? (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(tx)).rows[0].synchronous_commit
          : String((await sql<{ synchronous: number }>`pragma synchronous`.execute(tx)).rows[0].synchronous);
    });
    expect(insideSetting).toBe(kind === 'postgres' ? 'on' : '1');
    if (kind === 'sqlite') expect(t.store.walSync!.syncs).toBe(syncsBefore + 1);
    await t.store.db.deleteFrom('households').where('id', 'in', ['h-durable', 'h-not-durable', 'h-durable-again']).execute();
  });

  it('enforces foreign keys and cascades household deletion', async () => {
    const now = new Date().toISOString();
    // Driver errors come from outside Jest's realm, so `rejects.toThrow` can miss them: compare messages.
    const outcome = await t.store.db
      .insertInto('profiles')
      .values({ id: 'p-orphan', household_id: 'missing', name: 'x', locale: null, voice_person_id: null, is_default: 0, created_at: now })
      .execute()
      .then(
        () => 'inserted',
        (e: Error) => e.message,
      );
    expect(outcome).toMatch(/foreign key/i);
    await t.store.db
      .insertInto('households')
      .values({ id: 'h-cascade', name: 'x', locale: 'en-US', timezone: 'UTC', latitude: null, longitude: null, currency: 'EUR', settings: '{}', created_at: now })
      .execute();
    await t.store.db
      .insertInto('profiles')
      .values({ id: 'p-child', household_id: 'h-cascade', name: 'x', locale: null, voice_person_id: null, is_default: 1, created_at: now })
      .execute();
    await t.store.db.deleteFrom('households').where('id', '=', 'h-cascade').execute();
    const left = await t.store.db.selectFrom('profiles').select('id').where('id', '=', 'p-child').executeTakeFirst();
    expect(left).toBeUndefined();
  });

  it('stores floats at double precision', async () => {
    const now = new Date().toISOString();
    await t.store.db
      .insertInto('households')
      .values({ id: 'h-float', name: 'x', locale: 'en-US', timezone: 'UTC', latitude: 48.856613, longitude: 2.352222, currency: 'EUR', settings: '{}', created_at: now })
      .execute();
    const row = await t.store.db.selectFrom('households').select(['latitude', 'longitude']).where('id', '=', 'h-float').executeTakeFirstOrThrow();
    expect(row.latitude).toBe(48.856613);
    expect(row.longitude).toBe(2.352222);
    const count = await sql<{ n: number }>`select count(*) as n from households`.execute(t.store.db);
    expect(typeof Number(count.rows[0].n)).toBe('number');
  });
});

describe('sqlite specifics', () => {
  it('runs in WAL mode with foreign keys on', async () => {
    const t = await createTestStore('sqlite');
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.store.db);
      expect(mode.rows[0].journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(t.store.db);
      expect(fk.rows[0].foreign_keys).toBe(1);
    } finally {
      await t.dispose();
    }
  });
});
