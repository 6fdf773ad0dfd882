import { createTestStore, describeEachStore, type TestStore } from '@test/helpers/stores';
import { sql } from 'kysely';
import type { Tx } from '@server/store/store';

const AT = '2026-11-30T07:00:00.000Z';

function insertHousehold(tx: Tx, id: string) {
  return tx
    .insertInto('households')
    .values({ id, name: id, locale: 'en-US', timezone: 'UTC', latitude: null, longitude: null, currency: 'EUR', settings: '{}', created_at: AT })
    .execute();
}

describeEachStore('group transactions', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore(kind);
  });
  afterAll(async () => t.dispose());

  const count = async (prefix: string) =>
    (await t.store.db.selectFrom('households').select('id').where('id', 'like', `${prefix}%`).execute()).length;

  it('stores every unit and settles each caller only once its writes are committed', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.store.groupTransaction(async (tx) => {
          await insertHousehold(tx, `gc-ok-${i}`);
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(await count('gc-ok-')).toBe(40);
  });

  it('rolls back only the unit that failed, and tells only its caller', async () => {
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        t.store.groupTransaction(async (tx) => {
          await insertHousehold(tx, `gc-mixed-${i}`);
          if (i % 4 === 1) throw new Error(`unit ${i} refused`);
          // A unit may fail on the database itself, too: a duplicate key.
          if (i % 4 === 2) await insertHousehold(tx, `gc-mixed-${i}`);
          return i;
        }),
      ),
    );
    const failed = settled.map((s, i) => (s.status === 'rejected' ? i : -1)).filter((i) => i >= 0);
    expect(failed).toEqual([1, 2, 5, 6, 9, 10]);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('unit 1 refused'));
    const stored = (await t.store.db.selectFrom('households').select('id').where('id', 'like', 'gc-mixed-%').execute()).map((r) => r.id).sort();
    expect(stored).toEqual(['gc-mixed-0', 'gc-mixed-11', 'gc-mixed-3', 'gc-mixed-4', 'gc-mixed-7', 'gc-mixed-8']);
  });

  if (kind === 'sqlite') {
    it('on SQLite, units that arrive together share one transaction', async () => {
      const committer = t.store.groupCommitter!;
      const before = { ...committer.stats };
      await Promise.all(Array.from({ length: 100 }, (_, i) => t.store.groupTransaction((tx) => insertHousehold(tx, `gc-shared-${i}`))));
      const groups = committer.stats.groups - before.groups;
      expect(committer.stats.units - before.units).toBe(100);
      expect(groups).toBeLessThanOrEqual(2);
      expect(await count('gc-shared-')).toBe(100);
      // Alone, a unit is committed at once: no waiting for company.
      const started = performance.now();
      await t.store.groupTransaction((tx) => insertHousehold(tx, 'gc-alone'));
      expect(committer.stats.groups - before.groups).toBe(groups + 1);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('on SQLite, groups and plain transactions are synced off the event loop before anyone is answered; a statement outside a transaction keeps synchronous=FULL', async () => {
      const committer = t.store.groupCommitter!;
      const walSync = t.store.walSync!;
      const synchronous = async (db: Tx | typeof t.store.db) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0].synchronous;
      // The WAL exists once anything was written: from then on transactions sync it themselves.
      await t.store.groupTransaction((tx) => insertHousehold(tx, 'gc-wal-first'));
      const before = committer.stats.walSyncs;
      const syncsBefore = walSync.syncs;
      const syncedWhenAnswered: number[] = [];
      const plainSyncedWhenAnswered: number[] = [];
      const insidePlainTransactions: number[] = [];
      await Promise.all([
        ...Array.from({ length: 30 }, (_, i) =>
          t.store.groupTransaction((tx) => insertHousehold(tx, `gc-wal-${i}`)).then(() => syncedWhenAnswered.push(committer.stats.walSyncs - before)),
        ),
        // Ordinary transactions interleaved with the groups on the one connection.
        ...Array.from({ length: 5 }, (_, i) =>
          t.store
            .transaction(async (tx) => {
              await insertHousehold(tx, `gc-wal-plain-${i}`);
              insidePlainTransactions.push(await synchronous(tx));
            })
            .then(() => plainSyncedWhenAnswered.push(walSync.syncs - syncsBefore)),
        ),
      ]);
      expect(committer.stats.walSyncs - before).toBeGreaterThanOrEqual(1);
      // Each caller was answered after its group's fdatasync was started and had finished.
      expect(syncedWhenAnswered.every((n) => n >= 1)).toBe(true);
      // Each plain transaction committed with NORMAL, and was answered after a sync of its own.
      expect(insidePlainTransactions).toEqual([1, 1, 1, 1, 1]);
      expect(plainSyncedWhenAnswered).toHaveLength(5);
      expect(walSync.syncs - syncsBefore).toBeGreaterThanOrEqual(committer.stats.walSyncs - before + 5);
      // The connection is left as it was for statements that commit alone (they sync inside COMMIT).
      expect(await synchronous(t.store.db)).toBe(2);
      expect(await count('gc-wal-')).toBe(36);
    });

    it('on SQLite, a plain transaction that fails rolls back, leaves synchronous=FULL, and is never synced', async () => {
      const walSync = t.store.walSync!;
      await t.store.transaction((tx) => insertHousehold(tx, 'gc-fail-first'));
      const syncsBefore = walSync.syncs;
      await expect(
        t.store.transaction(async (tx) => {
          await insertHousehold(tx, 'gc-fail-1');
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(walSync.syncs).toBe(syncsBefore);
      expect(await count('gc-fail-1')).toBe(0);
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(t.store.db)).rows[0].synchronous).toBe(2);
    });
  } else {
    it('on PostgreSQL, each unit is its own transaction (the server groups WAL flushes)', () => {
      expect(t.store.groupCommitter).toBeNull();
    });
  }
});
