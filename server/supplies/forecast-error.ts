import { daysLeftAt, forecast, type LevelPoint } from './forecast';
import { consumptionTrace, seededRandom, type TraceSpec } from './simulation';
import { DAY_MS, HOUR_MS } from '@server/core/durations';


export interface ForecastErrorReport {
  traces: number;
  samples: number;
  /** Mean absolute error of daysLeft, in days, where the truth is within `horizonDays`. */
  maeDays: number;
  /** The same for a naive forecast (least squares over the last week, refills ignored), for scale. */
  naiveMaeDays: number;
  /** Share of evaluation points where the forecast gave a number. */
  coverage: number;
}

/** Ordinary least squares over the last 7 days, no refill handling: what a simple implementation does. */
function naiveDaysLeft(history: LevelPoint[], now: number): number | null {
  const recent = history.filter((p) => p.t >= now - 7 * DAY_MS);
  if (recent.length < 2) return null;
  const mt = recent.reduce((s, p) => s + p.t, 0) / recent.length;
  const ml = recent.reduce((s, p) => s + p.level, 0) / recent.length;
  let num = 0;
  let den = 0;
  for (const p of recent) {
    num += (p.t - mt) * (p.level - ml);
    den += (p.t - mt) ** 2;
  }
  const slope = den ? (num / den) * DAY_MS : 0;
  if (slope >= 0) return null;
  const last = recent[recent.length - 1];
  return Math.max(0, last.level / -slope);
}

/**
 * Simulated households (seeded): each trace gets its own capacity, rate, sensor noise, reading
 * interval and outliers, 30 days long with refills. Every 12 h after the first week the forecast
 * is asked for daysLeft and compared with the truth: the true level divided by the true average
 * consumption rate of that trace.
 */
export function measureForecastError(traces = 40, seed = 20261130, horizonDays = 14): ForecastErrorReport {
  const rand = seededRandom(seed);
  const start = Date.parse('2026-10-01T00:00:00Z');
  const end = start + 30 * DAY_MS;
  let abs = 0;
  let naiveAbs = 0;
  let naiveN = 0;
  let samples = 0;
  let asked = 0;
  for (let i = 0; i < traces; i++) {
    const capacity = [1, 2, 12, 100, 150][Math.floor(rand() * 5)];
    const lastsDays = 4 + rand() * 16;
    const spec: TraceSpec = {
      capacity,
      ratePerDay: capacity / lastsDays,
      noise: 0.01 + rand() * 0.02,
      intervalHours: 1 + rand() * 5,
      refillBelow: 0.1 + rand() * 0.15,
      outlierRate: 0.02,
    };
    const trace = consumptionTrace(Math.floor(rand() * 2 ** 31), spec, start, end);
    let used = 0;
    for (let k = 1; k < trace.length; k++) {
      const drop = trace[k - 1].trueLevel - trace[k].trueLevel;
      if (drop > 0) used += drop;
    }
    const trueRate = used / ((trace[trace.length - 1].t - trace[0].t) / DAY_MS);
    const reported = trace.map((p) => ({ t: p.t, level: p.level }));
    let seenCount = 0;
    for (let t = start + 7 * DAY_MS; t <= end; t += 12 * HOUR_MS) {
      while (seenCount < trace.length && trace[seenCount].t <= t) seenCount++;
      const current = trace[seenCount - 1];
      const truth = current.trueLevel / trueRate - (t - current.t) / DAY_MS;
      if (truth > horizonDays || truth < 0) continue;
      asked++;
      // The forecast only ever looks at its window: hand it that much, as the service does.
      const history = reported.slice(0, seenCount).filter((p) => p.t >= t - 22 * DAY_MS);
      const predicted = daysLeftAt(forecast(history, capacity), t);
      if (predicted !== null) {
        abs += Math.abs(predicted - truth);
        samples++;
      }
      const naive = naiveDaysLeft(history, t);
      if (naive !== null) {
        naiveAbs += Math.abs(naive - truth);
        naiveN++;
      }
    }
  }
  return {
    traces,
    samples,
    maeDays: samples ? abs / samples : Number.NaN,
    naiveMaeDays: naiveN ? naiveAbs / naiveN : Number.NaN,
    coverage: asked ? samples / asked : 0,
  };
}
