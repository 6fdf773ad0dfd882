import fs from 'node:fs';
import { Store } from '@server/store/store';
import { createTestStore, type TestStore } from '@test/helpers/stores';

const AT = '2026-11-30T07:00:00.000Z';

describe('SQLite checkpoints off the event loop', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
  });
  afterAll(async () => t.dispose());

  it('keeps the WAL bounded through a worker thread, and everything written survives a reopen', async () => {
    const checkpointer = t.store.checkpointer!;
    expect(checkpointer.stats.offloaded).toBe(true);
    const wal = `${t.store.location}-wal`;
    const settings = JSON.stringify({ padding: 'x'.repeat(4000) });
    // About 12 MB through the WAL, in groups as device readings come.
    for (let round = 0; round < 30; round++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          t.store.groupTransaction((tx) =>
            tx
              .insertInto('households')
              .values({ id: `ck-${round}-${i}`, name: 'x', locale: 'en-US', timezone: 'UTC', latitude: null, longitude: null, currency: 'EUR', settings, created_at: AT })
              .execute(),
          ),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (let tries = 0; tries < 100 && checkpointer.stats.checkpoints === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(checkpointer.stats.checkpoints).toBeGreaterThanOrEqual(1);
    // Checkpointed frames are reused: the WAL stays far below what went through it.
    expect(fs.statSync(wal).size).toBeLessThan(8 * 1024 * 1024);
    await t.store.close();
    const reopened = await Store.open({ dataDir: t.where });
    const n = await reopened.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'like', 'ck-%').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3000);
    await reopened.close();
  });
});
