import { timeAxisLabels } from '@app/widgets/time-axis';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('the labels of a chart’s time axis', () => {
  it('shows the hours when the readings span a few hours (a new supply), in the household’s zone', () => {
    const splits = ['2026-11-30T07:30:00Z', '2026-11-30T08:00:00Z', '2026-11-30T08:30:00Z', '2026-11-30T09:00:00Z'].map(at);
    expect(timeAxisLabels(splits, 'fr-FR', 'Europe/Paris')).toEqual(['08:30', '09:00', '09:30', '10:00']);
    expect(new Set(timeAxisLabels(splits, 'en-US', 'America/New_York')).size).toBe(4);
  });

  it('shows the dates when the readings span days', () => {
    const splits = ['2026-11-20T00:00:00Z', '2026-11-25T00:00:00Z', '2026-11-30T00:00:00Z'].map(at);
    expect(timeAxisLabels(splits, 'fr-FR', 'Europe/Paris')).toEqual(['20 nov.', '25 nov.', '30 nov.']);
    expect(timeAxisLabels(splits, 'en-US', 'UTC')).toEqual(['Nov 20', 'Nov 25', 'Nov 30']);
  });
});
