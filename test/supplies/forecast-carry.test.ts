import { DAY_MS } from '@server/core/durations';
import { carryForecast, forecast, FORECAST_REFRESH_MS } from '@server/supplies/forecast';
import { levelHistory } from '@server/supplies/repository';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, postTelemetry, type TestHousehold } from './fixtures';

const T0 = Date.parse('2026-11-30T07:00:00Z');

describe('carrying a stored forecast to a new reading', () => {
  const stored = { ratePerDay: 2, level: 10, at: T0, computedAt: T0 };

  it('follows the stored line for a reading on it', () => {
    const fiveMinutes = T0 + 5 * 60_000;
    const onLine = 10 - (2 * 5) / (24 * 60);
    expect(carryForecast(stored, { t: fiveMinutes, level: onLine + 0.1 }, 20)).toEqual({ ratePerDay: 2, level: onLine, at: fiveMinutes });
  });

  it('asks for a full computation when never computed, too old, off the line, or a late reading', () => {
    expect(carryForecast(null, { t: T0, level: 10 }, 20)).toBeNull();
    expect(carryForecast(stored, { t: T0 + FORECAST_REFRESH_MS, level: 10 }, 20)).toBeNull();
    // A refill (up) and a sudden use (down), beyond 5 % of the capacity.
    expect(carryForecast(stored, { t: T0 + 60_000, level: 11.5 }, 20)).toBeNull();
    expect(carryForecast(stored, { t: T0 + 60_000, level: 8.5 }, 20)).toBeNull();
    expect(carryForecast(stored, { t: T0 - 60_000, level: 10 }, 20)).toBeNull();
  });

  it('while still learning (no rate yet), keeps the reading as the level', () => {
    const learning = { ...stored, ratePerDay: null };
    expect(carryForecast(learning, { t: T0 + 60_000, level: 9.9 }, 20)).toEqual({ ratePerDay: null, level: 9.9, at: T0 + 60_000 });
    expect(carryForecast(learning, { t: T0 + 60_000, level: 15 }, 20)).toBeNull();
  });
});

describeEachStore('a device reporting every 30 seconds', (kind) => {
  let t: TestApp;
  let home: TestHousehold;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    home = await t.household('Chatty', 'en-US');
  });
  afterAll(async () => t.close());

  it('keeps daysLeft within a few hours of a full recomputation, and sees a refill at once', async () => {
    const tank = await createSupply(t, home, { name: 'Water tank', unit: 'L', capacity: 200, policy: { mode: 'notify' } });
    const device = await createDevice(t, home, [tank.id]);
    // Two days of steady use (10 L a day) with ±0.3 L of sensor noise, one reading every 30 s,
    // sent in batches of 40 as a device catching up would, the clock following.
    const start = t.clock.now().getTime() - 2 * DAY_MS;
    const readings = Array.from({ length: (2 * DAY_MS) / 30_000 }, (_, i) => {
      const at = start + i * 30_000;
      return { id: `w${i}`, supplyId: tank.id, level: 180 - (10 * (at - start)) / DAY_MS + 0.3 * Math.sin(i * 1.7), unit: 'L', at: new Date(at).toISOString() };
    });
    for (let i = 0; i < readings.length; i += 40) {
      const res = await postTelemetry(t, device, readings.slice(i, i + 40));
      expect(res.json().accepted).toBe(Math.min(40, readings.length - i));
    }
    const row = await t.app.store.db.selectFrom('supplies').selectAll().where('id', '=', tank.id).executeTakeFirstOrThrow();
    const full = forecast(await levelHistory(t.app.store.db, tank.id, new Date(readings[readings.length - 1].at)), 200)!;
    expect(row.rate_per_day).not.toBeNull();
    expect(Math.abs(row.rate_per_day! - full.ratePerDay!)).toBeLessThan(0.2);
    expect(Math.abs(row.forecast_level! - full.level)).toBeLessThan(0.5);
    // Computed from the history at most once per ten minutes of readings, not once per reading.
    expect(Date.parse(readings[readings.length - 1].at) - Date.parse(row.forecast_at!)).toBeLessThan(FORECAST_REFRESH_MS);

    const refill = await postTelemetry(t, device, [{ id: 'refill', supplyId: tank.id, level: 199, unit: 'L', at: t.clock.now().toISOString() }]);
    expect(refill.json().accepted).toBe(1);
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/supplies`, headers: home.auth })).json().supplies.find((s: { id: string }) => s.id === tank.id);
    expect(after.level).toBe(199);
    expect(after.daysLeft).toBeGreaterThan(15);
  }, 60_000);
});
