import type { ContextSummary } from '@models/features';
import { rainSeverity } from '@models/features';
import type { DayContext } from '@server/day-context/types';
import { formalityRank } from '@server/wardrobe/kinds';

/**
 * Typical daytime apparent temperatures by month (Paris climate normals, °C, min and max), used
 * when no forecast is available so the answer is still seasonal, and said to be so.
 */
const TYPICAL_BY_MONTH: readonly [number, number][] = [
  [2, 7], [2, 8], [5, 12], [7, 15], [11, 19], [14, 22], [16, 25], [16, 25], [13, 21], [10, 16], [5, 11], [3, 8],
];

export interface DaySummary extends ContextSummary {
  /** true when the weather is the season's typical one, not a forecast. */
  typical: boolean;
  month: number;
}

export function summarizeDay(context: DayContext): DaySummary {
  const month = Number(context.date.slice(5, 7)) || 1;
  const formalityTarget = formalityRank(context.dressCode);
  const weather = context.weather;
  if (!weather) {
    const [min, max] = TYPICAL_BY_MONTH[month - 1];
    return { minApparent: min, maxApparent: max, wind: 3, rain: 0.2, snow: false, formalityTarget, typical: true, month };
  }
  const snow = weather.weatherTypes.some((t) => t === 'snow' || t === 'sleet');
  return {
    minApparent: weather.minApparentTemperature,
    maxApparent: weather.maxApparentTemperature,
    wind: weather.maxWindSpeed,
    rain: rainSeverity(weather.maxPrecipitationProbability, weather.precipitationSum),
    snow,
    formalityTarget,
    typical: false,
    month,
  };
}
