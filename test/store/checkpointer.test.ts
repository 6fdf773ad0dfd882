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

  it('copies the WAL back on a worker thread, the WAL then starts over, and everything written survives a reopen', async () => {
    const checkpointer = t.store.checkpointer!;
    expect(checkpointer.stats.offloaded).toBe(true);
    const wal = `${t.store.location}-wal`;
    const settings = JSON.stringify({ padding: 'x'.repeat(4000) });
    const write = async (prefix: string, rounds: number) => {
      for (let round = 0; round < rounds; round++) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            t.store.groupTransaction((tx) =>
              tx
                .insertInto('households')
                .values({ id: `${prefix}-${round}-${i}`, name: 'x', locale: 'en-US', timezone: 'UTC', latitude: null, longitude: null, currency: 'EUR', settings, created_at: AT })
                .execute(),
            ),
          ),
        );
      }
    };
    // About 6 MB through the WAL, in groups as device readings come: past the size the thread starts at.
    await write('ck', 15);
    // Quiet again: the next checkpoint (one each second) gets everything.
    const before = checkpointer.stats.checkpoints;
    const caughtUp = () => checkpointer.stats.checkpoints > before + 1 && checkpointer.stats.last!.checkpointed === checkpointer.stats.last!.log;
    for (let tries = 0; tries < 200 && !caughtUp(); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(checkpointer.stats.checkpoints).toBeGreaterThanOrEqual(1);
    expect(checkpointer.stats.last!.checkpointed).toBe(checkpointer.stats.last!.log);
    // The next writes start the WAL over from its beginning instead of growing it.
    const size = fs.statSync(wal).size;
    await write('ck-after', 3);
    expect(fs.statSync(wal).size).toBe(size);
    await t.store.close();
    const reopened = await Store.open({ dataDir: t.where });
    const n = await reopened.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'like', 'ck-%').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1800);
    await reopened.close();
  });
});
