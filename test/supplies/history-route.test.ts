import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createDevice, createSupply, history, postTelemetry, type TestHousehold } from './fixtures';

/** GET /api/v1/supplies/:id/history: what the app's level chart draws. */
describe('supply history route', () => {
  let t: TestApp;
  let a: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp();
    a = await t.household('A', 'fr-FR');
  });
  afterAll(async () => t.close());

  it('gives the readings, the forecast line to empty and when it crosses the reorder point', async () => {
    const milk = await createSupply(t, a, { name: 'Lait', unit: 'L', capacity: 6, level: 6, reorderPoint: 1 });
    const device = await createDevice(t, a, [milk.id]);
    // 0.5 L a day for ten days: 6 → 1 L.
    const readings = history(milk.id, t.clock.now(), { from: 6, perDay: 0.5, days: 10 });
    expect((await postTelemetry(t, device, readings)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/supplies/${milk.id}/history?days=7`, headers: a.auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ supplyId: milk.id, unit: 'L', capacity: 6, reorderPoint: 1 });
    // Seven days of readings every six hours (the older ones are outside the window).
    expect(body.readings.length).toBeGreaterThanOrEqual(28);
    expect(body.readings.length).toBeLessThan(readings.length);
    expect(Date.parse(body.readings[0].at)).toBeGreaterThanOrEqual(t.clock.now().getTime() - 7 * 86_400_000);
    expect(body.forecast.ratePerDay).toBeCloseTo(0.5, 1);
    const emptyInDays = (Date.parse(body.forecast.emptyAt) - t.clock.now().getTime()) / 86_400_000;
    expect(emptyInDays).toBeCloseTo(2, 0);
    // Already at the reorder point: no crossing ahead.
    expect(body.forecast.reorderAt).toBeNull();
  });

  it('has the first level and no forecast before there is a history, and is a 404 for another household’s supply', async () => {
    const eggs = await createSupply(t, a, { name: 'Œufs', unit: 'pcs', capacity: 12, level: 12 });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/supplies/${eggs.id}/history`, headers: a.auth });
    expect(res.json()).toMatchObject({ readings: [{ level: 12, at: t.clock.now().toISOString() }], forecast: null });
    const b = await t.household('B');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/supplies/${eggs.id}/history`, headers: b.auth })).statusCode).toBe(404);
  });
});
