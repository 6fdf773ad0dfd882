import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SupplyHistory } from '@app/core/types';
import { timeAxisLabels } from './time-axis';

export interface LevelChartLabels {
  level: string;
  forecast: string;
  reorderPoint: string;
  /** One sentence saying what the chart shows, for screen readers (the canvas is an image). */
  summary: string;
}

/** The x values (seconds) and the three series uPlot draws: readings, forecast line, reorder point. */
export function chartData(history: SupplyHistory, nowMs: number): uPlot.AlignedData {
  const points = new Map<number, { level?: number; forecast?: number }>();
  for (const r of history.readings) points.set(Math.round(Date.parse(r.at) / 1000), { level: r.level });
  const f = history.forecast;
  if (f) {
    const from = Math.round(Date.parse(f.from.at) / 1000);
    points.set(from, { ...points.get(from), forecast: f.from.level });
    // To empty, or a week ahead when nothing is being used.
    const end = f.emptyAt ? Math.round(Date.parse(f.emptyAt) / 1000) : Math.round(nowMs / 1000) + 7 * 86400;
    const endLevel = f.emptyAt ? 0 : Math.max(0, f.from.level - f.ratePerDay * ((end - from) / 86400));
    points.set(end, { ...points.get(end), forecast: endLevel });
  }
  const xs = [...points.keys()].sort((a, b) => a - b);
  return [xs, xs.map((x) => points.get(x)?.level ?? null), xs.map((x) => points.get(x)?.forecast ?? null), xs.map(() => history.reorderPoint)];
}

/**
 * A supply's level over time (uPlot, bundled: a canvas, no outside resource): the measured level,
 * the forecast line down to empty (dashed) and the reorder point. Redrawn to its container's width.
 */
export function LevelChart({ history, labels, locale, timeZone }: { history: SupplyHistory; labels: LevelChartLabels; locale: string; timeZone: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const numberFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#1f5e55';
    const danger = css.getPropertyValue('--danger').trim() || '#a61b1b';
    const options: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true }, y: { range: [0, Math.max(history.capacity, ...history.readings.map((r) => r.level)) * 1.05] } },
      axes: [
        { stroke: '#4c5a57', grid: { stroke: '#e3e8e6' }, values: (_u, splits) => timeAxisLabels(splits, locale, timeZone) },
        { stroke: '#4c5a57', grid: { stroke: '#e3e8e6' }, size: 48, values: (_u, splits) => splits.map((s) => numberFmt.format(s)) },
      ],
      series: [
        {},
        { label: labels.level, stroke: accent, width: 2, spanGaps: true, points: { show: false } },
        { label: labels.forecast, stroke: accent, width: 2, dash: [6, 6], spanGaps: true, points: { show: false } },
        { label: labels.reorderPoint, stroke: danger, width: 1.5, dash: [2, 4], points: { show: false } },
      ],
    };
    const plot = new uPlot(options, chartData(history, Date.now()), el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [history, labels.level, labels.forecast, labels.reorderPoint, locale, timeZone]);
  return (
    <figure class="level-chart">
      <div ref={box} role="img" aria-label={labels.summary} />
      <figcaption>
        <span class="legend legend-level">{labels.level}</span>
        <span class="legend legend-forecast">{labels.forecast}</span>
        <span class="legend legend-reorder">{labels.reorderPoint}</span>
      </figcaption>
    </figure>
  );
}
