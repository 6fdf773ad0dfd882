import { DAY_MS } from '@server/core/durations';
/**
 * Consumption rate and days left from a level history, robust to refills and sensor noise.
 *
 * 1. The history (last `WINDOW_DAYS`) is reduced to at most `MAX_BUCKETS` time buckets, each the
 *    median of its readings: isolated spikes vanish and the cost stays bounded however chatty the
 *    device is.
 * 2. A rise above the noise floor between consecutive buckets is a refill: it splits the history
 *    into consumption segments, and no slope is ever measured across a refill.
 * 3. The rate is a Theil–Sen estimate pooled over segments: the weighted median of every pairwise
 *    slope inside a segment, each weighted by its time span (long pairs are the precise ones).
 *    A median ignores up to half of wild pairs, which least squares would follow.
 * 4. The level "now" is the robust line of the last segment (median intercept), so one noisy last
 *    reading does not move the forecast; days left extrapolate it to zero.
 */
export interface LevelPoint {
  /** Epoch milliseconds. */
  t: number;
  level: number;
}

export interface Forecast {
  /** Consumption per day in the supply's unit, or null when the history cannot tell. */
  ratePerDay: number | null;
  /** Estimated level at `at` (the last reading), smoothed. */
  level: number;
  at: number;
}

export const WINDOW_DAYS = 21;
const MAX_BUCKETS = 64;
/** Below this much history a rate is a guess; the reorder point alone decides meanwhile. */
const MIN_SPAN_MS = 12 * 3_600_000;

/**
 * The forecast `forecast()` would give when the whole window holds less than MIN_SPAN_MS of
 * readings (from `firstAt` to the latest), known without reading that history: no rate yet, the
 * level is the latest reading. Null when there is more history than that.
 */
export function learningForecast(firstAt: number, latest: LevelPoint): Forecast | null {
  return latest.t - firstAt < MIN_SPAN_MS ? { ratePerDay: null, level: latest.level, at: latest.t } : null;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function weightedMedian(pairs: { value: number; weight: number }[]): number {
  const sorted = [...pairs].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, p) => sum + p.weight, 0);
  let acc = 0;
  for (const p of sorted) {
    acc += p.weight;
    if (acc >= total / 2) return p.value;
  }
  return sorted[sorted.length - 1].value;
}

/** Points are in time order, so each bucket is a contiguous run: no map, one small sort per bucket. */
function bucketize(points: LevelPoint[]): LevelPoint[] {
  if (points.length <= MAX_BUCKETS) return points;
  const start = points[0].t;
  const width = (points[points.length - 1].t - start) / MAX_BUCKETS || 1;
  const out: LevelPoint[] = [];
  let from = 0;
  while (from < points.length) {
    const k = Math.min(MAX_BUCKETS - 1, Math.floor((points[from].t - start) / width));
    let to = from + 1;
    while (to < points.length && Math.min(MAX_BUCKETS - 1, Math.floor((points[to].t - start) / width)) === k) to++;
    const run = points.slice(from, to);
    out.push({ t: run[(run.length - 1) >> 1].t, level: median(run.map((p) => p.level)) });
    from = to;
  }
  return out;
}

/** Typical size of reading-to-reading noise (median absolute step), the yardstick for "a refill". */
function noiseFloor(points: LevelPoint[]): number {
  if (points.length < 3) return 0;
  const steps = points.slice(1).map((p, i) => Math.abs(p.level - points[i].level));
  return median(steps);
}

export function splitAtRefills(points: LevelPoint[], capacity: number): LevelPoint[][] {
  const threshold = Math.max(capacity * 0.05, noiseFloor(points) * 4);
  const segments: LevelPoint[][] = [];
  let current: LevelPoint[] = [];
  for (const p of points) {
    const prev = current[current.length - 1];
    if (prev && p.level - prev.level > threshold) {
      segments.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length) segments.push(current);
  return segments;
}

/**
 * Days spent empty say nothing about how fast the supply is used (nobody drinks milk that is not
 * there): of a run of readings at zero, only the first is kept.
 */
function dropEmptyStretch(points: LevelPoint[], capacity: number): LevelPoint[] {
  const empty = capacity * 0.01;
  return points.filter((p, i) => !(p.level <= empty && i > 0 && points[i - 1].level <= empty));
}

export function forecast(history: LevelPoint[], capacity: number): Forecast | null {
  if (history.length === 0) return null;
  const inOrder = history.every((p, i) => i === 0 || history[i - 1].t <= p.t);
  const sorted = inOrder ? history : [...history].sort((a, b) => a.t - b.t);
  const last = sorted[sorted.length - 1];
  const from = last.t - WINDOW_DAYS * DAY_MS;
  const points = dropEmptyStretch(bucketize(sorted.filter((p) => p.t >= from)), capacity);
  const segments = splitAtRefills(points, capacity);
  const slopes: { value: number; weight: number }[] = [];
  let span = 0;
  for (const seg of segments) {
    if (seg.length < 2) continue;
    span += seg[seg.length - 1].t - seg[0].t;
    for (let i = 0; i < seg.length; i++) {
      for (let j = i + 1; j < seg.length; j++) {
        const dt = seg[j].t - seg[i].t;
        if (dt <= 0) continue;
        slopes.push({ value: ((seg[j].level - seg[i].level) / dt) * DAY_MS, weight: dt });
      }
    }
  }
  const lastSeg = segments[segments.length - 1];
  if (slopes.length === 0 || span < MIN_SPAN_MS) {
    return { ratePerDay: null, level: last.level, at: last.t };
  }
  const slopePerDay = weightedMedian(slopes);
  const rate = -slopePerDay;
  // A flat or rising trend has no depletion date; the rate is reported as zero consumption.
  const ratePerDay = rate > 1e-9 ? rate : 0;
  let level = last.level;
  if (lastSeg.length >= 3) {
    const intercepts = lastSeg.map((p) => p.level - (slopePerDay * (p.t - last.t)) / DAY_MS);
    level = Math.max(0, median(intercepts));
  }
  return { ratePerDay, level, at: last.t };
}

/** Days until empty at `now`, counting the consumption since the last reading; null when unknown. */
export function daysLeftAt(f: { ratePerDay: number | null; level: number; at: number } | null, now: number): number | null {
  if (!f || f.ratePerDay === null) return null;
  if (f.ratePerDay <= 0) return null;
  const elapsed = Math.max(0, now - f.at) / DAY_MS;
  return Math.max(0, f.level / f.ratePerDay - elapsed);
}

/** A stored forecast older than this (in reading time) is recomputed from the history. */
export const FORECAST_REFRESH_MS = 10 * 60_000;

export interface StoredForecast {
  ratePerDay: number | null;
  /** The line's level at `at`. */
  level: number;
  /** Epoch ms of the reading the line was last carried to. */
  at: number;
  /** Epoch ms (reading time) of the last full computation. */
  computedAt: number;
}

/**
 * The stored forecast carried to a new latest reading without reading the history again, or null
 * when a full computation is due: never computed, older than FORECAST_REFRESH_MS of readings, or
 * a reading off the line by more than what a refill or a sudden use would be (the same 5 % of
 * capacity that splits the history at refills). A device reporting every second thus costs one
 * history read per ten minutes instead of one per reading, and the line it keeps is the robust
 * one: the readings in between would only have moved medians of medians.
 */
export function carryForecast(stored: StoredForecast | null, latest: LevelPoint, capacity: number): Forecast | null {
  if (!stored || latest.t < stored.at || latest.t - stored.computedAt >= FORECAST_REFRESH_MS) return null;
  const tolerance = capacity * 0.05;
  if (stored.ratePerDay === null) {
    // Still learning (under 12 h of history): the level is the reading itself.
    return Math.abs(latest.level - stored.level) > tolerance ? null : { ratePerDay: null, level: latest.level, at: latest.t };
  }
  const onLine = Math.max(0, stored.level - (stored.ratePerDay * (latest.t - stored.at)) / DAY_MS);
  if (Math.abs(latest.level - onLine) > tolerance) return null;
  return { ratePerDay: stored.ratePerDay, level: onLine, at: latest.t };
}
