import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, postTelemetry, type TestHousehold } from './fixtures';

/** The same instant, 2026-11-30T06:30:00Z, as different firmware writes it. */
const INSTANT = '2026-11-30T06:30:00.000Z';

describeEachStore('telemetry timestamps', (kind) => {
  let t: TestApp;
  let newYork: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind, now: '2026-11-30T07:00:00Z' });
    const created = await t.app.households.create({ name: 'Upper West Side', locale: 'en-US', timezone: 'America/New_York', latitude: 40.78, longitude: -73.97 });
    newYork = { id: created.household.id, token: created.token, profileId: created.profiles[0].id, auth: { authorization: `Bearer ${created.token}` } };
  });
  afterAll(async () => t.close());

  it('stores Unix seconds, Unix milliseconds, numeric strings, ISO with offset and a local time in the household zone as one instant', async () => {
    const milk = await createSupply(t, newYork, { name: 'Milk', unit: 'L', capacity: 4, policy: { mode: 'notify' } });
    const device = await createDevice(t, newYork, [milk.id]);
    const res = await postTelemetry(t, device, [
      { id: 'shelly', supplyId: milk.id, level: 3.9, unit: 'L', at: 1796020200 },
      { id: 'esp-ms', supplyId: milk.id, level: 3.8, unit: 'L', at: 1796020200000 },
      { id: 'text-s', supplyId: milk.id, level: 3.7, unit: 'L', at: '1796020200' },
      { id: 'z2m', supplyId: milk.id, level: 3.6, unit: 'L', at: '2026-11-30T07:30:00+01:00' },
      { id: 'tasmota', supplyId: milk.id, level: 3.5, unit: 'L', at: '2026-11-30T01:30:00' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 5, rejected: 0 });
    const rows = await t.app.store.db.selectFrom('readings').select(['id', 'at']).where('supply_id', '=', milk.id).where('source', '=', 'device').orderBy('id').execute();
    expect(rows.map((r) => [r.id, new Date(r.at).toISOString()])).toEqual([
      ['esp-ms', INSTANT],
      ['shelly', INSTANT],
      ['tasmota', INSTANT],
      ['text-s', INSTANT],
      ['z2m', INSTANT],
    ]);
  });

  it('judges the converted instant like any other: a clock in the future or long reset is refused, a word is no time', async () => {
    const milk = await createSupply(t, newYork, { name: 'Milk 2', unit: 'L', capacity: 4, policy: { mode: 'notify' } });
    const device = await createDevice(t, newYork, [milk.id]);
    const res = await postTelemetry(t, device, [
      // 07:00 in New York is 12:00Z, five hours ahead: a Paris-configured device clock read as local.
      { id: 'ahead', supplyId: milk.id, level: 3, unit: 'L', at: '2026-11-30T07:00:00' },
      { id: 'boot', supplyId: milk.id, level: 3, unit: 'L', at: 42 },
      { id: 'word', supplyId: milk.id, level: 3, unit: 'L', at: 'now' },
    ]);
    expect(res.json().results).toEqual([
      { id: 'ahead', status: 'rejected', reason: 'futureTimestamp' },
      { id: 'boot', status: 'rejected', reason: 'tooOld' },
      { id: 'word', status: 'rejected', reason: 'invalidTimestamp' },
    ]);
    const stored = await t.app.store.db.selectFrom('readings').select('id').where('supply_id', '=', milk.id).where('source', '=', 'device').execute();
    expect(stored).toEqual([]);
  });
});
