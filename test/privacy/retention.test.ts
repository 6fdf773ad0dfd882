import { loadConfig } from '@server/plugins/config';
import { TelemetryRetention } from '@server/privacy/retention';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

const DAY_MS = 86_400_000;

interface Setup {
  auth: { authorization: string };
  householdId: string;
  supplyId: string;
  device: { authorization: string; url: string };
}

async function setup(t: TestApp): Promise<Setup> {
  const h = await t.household('Retention home');
  await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: h.auth, payload: { telemetry: true } });
  const supply = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: { name: 'Coffee', unit: 'kg', capacity: 1, level: 1, reorderPoint: 0.1 } });
  expect(supply.statusCode).toBe(201);
  const supplyId = supply.json<{ id: string }>().id;
  const device = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.auth, payload: { name: 'Scale', kind: 'scale', supplyIds: [supplyId] } });
  expect(device.statusCode).toBe(201);
  const { id, token } = device.json<{ id: string; token: string }>();
  return { auth: h.auth, householdId: h.id, supplyId, device: { authorization: `Bearer ${token}`, url: `/api/v1/devices/${id}/telemetry` } };
}

/** Four readings a day, each day a little lower: reported as they happen, with the clock moving. */
async function report(t: TestApp, s: Setup, days: number, startLevel: number, prefix: string): Promise<void> {
  for (let d = 0; d < days; d++) {
    const readings = [0, 6, 12, 18].map((hour, i) => ({
      id: `${prefix}-${d}-${i}`,
      supplyId: s.supplyId,
      level: Math.round((startLevel - d * 0.04 - i * 0.01) * 1000) / 1000,
      unit: 'kg',
      at: new Date(t.clock.now().getTime() + hour * 3_600_000).toISOString(),
    }));
    t.clock.advanceHours(19);
    const res = await t.app.inject({ method: 'POST', url: s.device.url, headers: { authorization: s.device.authorization }, payload: { readings } });
    expect(res.json<{ accepted: number }>().accepted).toBe(4);
    t.clock.advanceHours(5);
  }
}

describeEachStore('telemetry retention', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind, now: '2026-03-01T00:00:00Z' });
  });
  afterAll(async () => t.close());

  it('takes its age from MIROIR_TELEMETRY_RETENTION_DAYS and always keeps the newest reading of a quiet device', async () => {
    expect(loadConfig({}).telemetryRetentionDays).toBe(90);
    expect(loadConfig({ MIROIR_TELEMETRY_RETENTION_DAYS: '2' }).telemetryRetentionDays).toBe(2);
    expect(() => loadConfig({ MIROIR_TELEMETRY_RETENTION_DAYS: '0' })).toThrow(/MIROIR_TELEMETRY_RETENTION_DAYS/);
    const retention = new TelemetryRetention(t.testStore.store, t.clock, loadConfig({ MIROIR_TELEMETRY_RETENTION_DAYS: '2' }).telemetryRetentionDays);
    const s = await setup(t);
    await report(t, s, 5, 0.9, 'r');
    // Now 2026-03-06T00:00Z: the cutoff is 03-04T00:00Z, so days 1 to 3 go.
    expect(await retention.compact()).toMatchObject({ compacted: 12, days: 3, cutoff: '2026-03-04T00:00:00.000Z' });
    // The device goes quiet for a month: everything is old, but its last reading stays raw.
    t.clock.advanceHours(24 * 30);
    expect(await retention.compact()).toMatchObject({ compacted: 7, days: 2 });
    // Only device telemetry is compacted; the level a person set when creating the supply stays.
    const raw = await t.testStore.store.db.selectFrom('readings').select(['id', 'level', 'source']).where('supply_id', '=', s.supplyId).orderBy('at').execute();
    expect(raw).toEqual([expect.objectContaining({ source: 'manual' }), { id: 'r-4-3', level: 0.71, source: 'device' }]);
    const day5 = await t.testStore.store.db.selectFrom('telemetry_daily').selectAll().where('day', '=', '2026-03-05').executeTakeFirstOrThrow();
    expect(day5).toMatchObject({ count: 3, last_level: 0.72 });
    const supply = (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: s.auth })).json<{ supplies: { level: number }[] }>().supplies[0];
    expect(supply.level).toBe(0.71);
  });

  it('folds readings older than the retention age into daily summaries and keeps forecasts working', async () => {
    t.clock.set('2026-04-01T00:00:00Z');
    const s = await setup(t);
    await report(t, s, 3, 0.9, 'old');
    // 100 days later the device is still reporting.
    t.clock.set(new Date(t.clock.now().getTime() + 100 * DAY_MS).toISOString());
    await report(t, s, 6, 0.8, 'new');
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: s.auth })).json<{ supplies: { daysLeft: number | null; level: number }[] }>().supplies[0];

    const result = await t.app.privacy.compactTelemetry();
    expect(result).toMatchObject({ compacted: 12, days: 3 });

    const db = t.testStore.store.db;
    const summaries = await db.selectFrom('telemetry_daily').selectAll().where('supply_id', '=', s.supplyId).orderBy('day').execute();
    expect(summaries.map((r) => [r.day, r.count])).toEqual([
      ['2026-04-01', 4],
      ['2026-04-02', 4],
      ['2026-04-03', 4],
    ]);
    expect(summaries[0]).toMatchObject({ household_id: s.householdId, min_level: 0.87, max_level: 0.9, last_level: 0.87 });
    expect(summaries[0].mean_level).toBeCloseTo(0.885, 9);
    expect(summaries[2]).toMatchObject({ min_level: 0.79, max_level: 0.82, last_level: 0.79 });
    const raw = await db.selectFrom('readings').select(['id', 'at']).where('supply_id', '=', s.supplyId).where('source', '=', 'device').execute();
    expect(raw).toHaveLength(24);
    expect(raw.every((r) => r.id.startsWith('new-'))).toBe(true);

    // The forecast reads recent history only: compaction does not move it.
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: s.auth })).json<{ supplies: { daysLeft: number | null; level: number }[] }>().supplies[0];
    expect(after).toEqual(before);
    expect(after.daysLeft).not.toBeNull();

    // A second run finds nothing more and changes nothing.
    expect(await t.app.privacy.compactTelemetry()).toMatchObject({ compacted: 0, days: 0 });
    expect(await db.selectFrom('telemetry_daily').selectAll().where('supply_id', '=', s.supplyId).orderBy('day').execute()).toEqual(summaries);

    // The summaries are household data: exported, and erased with the household.
    const exported = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: s.auth })).json<{ tables: Record<string, unknown[]> }>();
    expect(exported.tables.telemetry_daily).toHaveLength(3);
  });

  it("compacts one device's old readings without deleting another device's readings that reuse the same ids", async () => {
    t.clock.set('2026-09-01T00:00:00Z');
    const a = await setup(t);
    // A second device of the same home, numbering its readings the same way, on its own supply.
    const supply = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: a.auth, payload: { name: 'Tea', unit: 'kg', capacity: 1, level: 1, reorderPoint: 0.1 } });
    const teaId = supply.json<{ id: string }>().id;
    const device = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: a.auth, payload: { name: 'Tea scale', kind: 'scale', supplyIds: [teaId] } });
    const { id, token } = device.json<{ id: string; token: string }>();
    const b: Setup = { auth: a.auth, householdId: a.householdId, supplyId: teaId, device: { authorization: `Bearer ${token}`, url: `/api/v1/devices/${id}/telemetry` } };
    await report(t, a, 3, 0.9, 'same');
    t.clock.set(new Date(t.clock.now().getTime() + 100 * DAY_MS).toISOString());
    await report(t, b, 3, 0.9, 'same');
    await report(t, a, 1, 0.5, 'later');
    await t.app.privacy.compactTelemetry();
    const db = t.testStore.store.db;
    const tea = await db.selectFrom('readings').select('id').where('supply_id', '=', teaId).where('source', '=', 'device').execute();
    expect(tea).toHaveLength(12);
    const coffee = await db.selectFrom('readings').select('id').where('supply_id', '=', a.supplyId).where('source', '=', 'device').execute();
    expect(coffee.map((r) => r.id).sort()).toEqual(['later-0-0', 'later-0-1', 'later-0-2', 'later-0-3']);
  });
});
