/**
 * Labels for a chart's time axis (uPlot's x splits, in seconds). A new supply's first readings
 * span a few hours: labelled by date, every tick read "30 nov." and said nothing, so a span of two
 * days or less is labelled by the hour, and a longer one by the date.
 */
export function timeAxisLabels(splits: number[], locale: string, timeZone: string): string[] {
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  const format = new Intl.DateTimeFormat(locale, span <= 2 * 86_400 ? { timeZone, hour: '2-digit', minute: '2-digit' } : { timeZone, day: 'numeric', month: 'short' });
  return splits.map((s) => format.format(new Date(s * 1000)));
}
