import { daysLeftAt, forecast, splitAtRefills, type LevelPoint } from '@server/supplies/forecast';
import { measureForecastError } from '@server/supplies/forecast-error';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const t0 = Date.parse('2026-11-01T00:00:00Z');

describe('forecast', () => {
  it('finds the rate of a clean linear use', () => {
    const history: LevelPoint[] = Array.from({ length: 49 }, (_, i) => ({ t: t0 + i * 3 * HOUR, level: 2 - (0.25 * i * 3) / 24 }));
    const f = forecast(history, 2)!;
    expect(f.ratePerDay).toBeCloseTo(0.25, 3);
    const last = history[history.length - 1];
    expect(daysLeftAt(f, last.t)).toBeCloseTo(last.level / 0.25, 2);
    // A day without readings is still a day of use.
    expect(daysLeftAt(f, last.t + DAY)).toBeCloseTo(last.level / 0.25 - 1, 2);
  });

  it('is not fooled by a refill in the middle', () => {
    const history: LevelPoint[] = [];
    let level = 12;
    for (let i = 0; i < 120; i++) {
      if (i === 60) level = 12;
      history.push({ t: t0 + i * 4 * HOUR, level });
      level -= (1.5 * 4) / 24;
    }
    expect(splitAtRefills(history, 12)).toHaveLength(2);
    expect(forecast(history, 12)!.ratePerDay).toBeCloseTo(1.5, 2);
  });

  it('ignores wild outliers that least squares would follow', () => {
    const history: LevelPoint[] = Array.from({ length: 60 }, (_, i) => ({ t: t0 + i * 2 * HOUR, level: 100 - (10 * i * 2) / 24 }));
    history[50] = { ...history[50], level: 0 };
    history[51] = { ...history[51], level: 0 };
    history[55] = { ...history[55], level: 3 };
    const f = forecast(history, 100)!;
    expect(f.ratePerDay).toBeCloseTo(10, 0);
  });

  it('gives no rate from too short a history, and no depletion date when nothing is used', () => {
    expect(forecast([{ t: t0, level: 1 }, { t: t0 + HOUR, level: 0.9 }], 1)!.ratePerDay).toBeNull();
    const flat = Array.from({ length: 20 }, (_, i) => ({ t: t0 + i * 6 * HOUR, level: 5 }));
    const f = forecast(flat, 10)!;
    expect(f.ratePerDay).toBe(0);
    expect(daysLeftAt(f, t0 + 5 * DAY)).toBeNull();
  });

  it('keeps the daysLeft error on seeded simulated traces under one day (MAE), far below a naive fit', () => {
    const report = measureForecastError(40);
    // Quoted in the closing note; the bench prints the same measurement.
    console.log(`forecast MAE ${report.maeDays.toFixed(3)} d (naive ${report.naiveMaeDays.toFixed(3)} d) over ${report.samples} points, coverage ${(report.coverage * 100).toFixed(1)} %`);
    expect(report.samples).toBeGreaterThan(200);
    expect(report.coverage).toBeGreaterThan(0.95);
    expect(report.maeDays).toBeLessThan(1);
    expect(report.maeDays).toBeLessThan(report.naiveMaeDays);
  });
});
