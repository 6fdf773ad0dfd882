/**
 * Seeded consumption traces: what a fridge scale, a printer or a filter would report. Used by the
 * forecast-error measurement (bench and test), the demo history and `miroir devices simulate`, so
 * all three exercise the same realistic mix of use, noise, outliers and refills.
 */
import { normal, seededRng } from '@server/core/random';
import { HOUR_MS } from '@server/core/durations';

/** The shared seeded PRNG, under the name the supplies code and the simulator CLI use. */
export const seededRandom = seededRng;

/** A standard normal draw. */
export const gaussian = (rand: () => number): number => normal(rand);

export interface TraceSpec {
  capacity: number;
  /** Mean consumption per day. */
  ratePerDay: number;
  /** Sensor noise, standard deviation as a fraction of capacity. */
  noise: number;
  /** Hours between readings (jittered ±50 %). */
  intervalHours: number;
  /** Refill to capacity when the true level falls under this fraction of capacity. */
  refillBelow: number;
  /** Probability that one reading is a wild outlier (a jar set on the scale, a glitch). */
  outlierRate: number;
}

export interface TracePoint {
  t: number;
  /** What the device reports. */
  level: number;
  /** The truth, for measuring the forecast. */
  trueLevel: number;
}


/**
 * Use happens at mealtimes (more in the morning and evening) and varies ±30 % from day to day, so
 * the trend is real but never a straight line.
 */
export function consumptionTrace(seed: number, spec: TraceSpec, start: number, end: number, startLevel = spec.capacity): TracePoint[] {
  const rand = seededRandom(seed);
  const points: TracePoint[] = [];
  let level = startLevel;
  let t = start;
  let dayFactor = 1;
  let day = -1;
  while (t <= end) {
    const d = Math.floor(t / (24 * HOUR_MS));
    if (d !== day) {
      day = d;
      dayFactor = 0.7 + 0.6 * rand();
    }
    let reported = level + gaussian(rand) * spec.noise * spec.capacity;
    if (rand() < spec.outlierRate) reported = level + (rand() - 0.3) * spec.capacity * 0.6;
    points.push({ t, level: Math.max(0, Math.round(reported * 1000) / 1000), trueLevel: level });
    const dtHours = spec.intervalHours * (0.5 + rand());
    const hourOfDay = new Date(t).getUTCHours();
    const mealtime = hourOfDay >= 6 && hourOfDay <= 9 ? 1.6 : hourOfDay >= 18 && hourOfDay <= 21 ? 1.4 : 0.7;
    level = Math.max(0, level - (spec.ratePerDay / 24) * dtHours * dayFactor * mealtime);
    if (level < spec.refillBelow * spec.capacity && rand() < 0.5) level = spec.capacity;
    t += dtHours * HOUR_MS;
  }
  return points;
}
