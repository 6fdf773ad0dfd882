import { createMetNo, MET_USER_AGENT } from '@server/weather/providers/met-no';
import { ProviderError, type ForecastQuery } from '@server/weather/types';
import { fixture } from '../stub-server';

const paris: ForecastQuery = { latitude: 48.85, longitude: 2.35, timezone: 'Europe/Paris' };
const provider = createMetNo('http://met.test/weatherapi');
const recorded = () => JSON.parse(fixture('met-no-paris-complete.json'));
const minutesOf = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

describe('MET Norway provider', () => {
  it('identifies itself as the terms of service require and asks for the complete forecast', () => {
    const req = provider.request(paris);
    expect(req.url).toBe('http://met.test/weatherapi/locationforecast/2.0/complete?lat=48.85&lon=2.35');
    expect(req.headers['user-agent']).toBe(MET_USER_AGENT);
    expect(MET_USER_AGENT).toMatch(/^Miroir\/\S+ \S+/);
  });

  it('keeps hourly steps as rows, in the household zone, with symbol codes mapped', () => {
    const f = provider.parse(recorded(), paris);
    expect(f.hourly).toHaveLength(60);
    expect(f.hourly[0].time).toBe('2026-11-30T08:00:00+01:00');
    const at = (local: string) => f.hourly.find((h) => h.time === `2026-11-30T${local}:00+01:00`)!;
    expect(at('16:00')).toMatchObject({ precipitation: 0, weatherType: 'cloudy' });
    expect(at('17:00')).toMatchObject({ precipitation: 0.6, precipitationProbability: 70, weatherType: 'drizzle' });
    expect(at('18:00')).toMatchObject({ precipitation: 1.8, precipitationProbability: 90, weatherType: 'rain', windSpeed: 4.8, humidity: 90 });
    expect(f.current).toBeNull();
  });

  it('computes the apparent temperature MET does not give (BoM formula from T, humidity, wind)', () => {
    const row = provider.parse(recorded(), paris).hourly.find((h) => h.time === '2026-11-30T18:00:00+01:00')!;
    // T 7.5 °C, RH 90 %, wind 4.8 m/s: e = 0.9 × 6.105 × exp(17.27 × 7.5 / 245.2) = 9.309 hPa
    const e = 0.9 * 6.105 * Math.exp((17.27 * 7.5) / (237.7 + 7.5));
    expect(row.apparentTemperature).toBeCloseTo(7.5 + 0.33 * e - 0.7 * 4.8 - 4, 1);
    expect(row.apparentTemperature).toBeLessThan(row.temperature);
  });

  it('derives daily rows from hourly and 6-hourly steps, counting each hour once, with computed sun times', () => {
    const f = provider.parse(recorded(), paris);
    const dates = f.daily.map((d) => d.date);
    expect(dates[0]).toBe('2026-11-30');
    // The lone last step (01:00 on 9 December) is not a day.
    expect(dates).not.toContain('2026-12-09');
    expect(dates).toContain('2026-12-05');
    const today = f.daily[0];
    expect(today.precipitationSum).toBe(6.4);
    expect(today.weatherType).toBe('rain');
    expect(Math.abs(minutesOf(today.sunrise!) - (8 * 60 + 23))).toBeLessThanOrEqual(3);
    expect(Math.abs(minutesOf(today.sunset!) - (16 * 60 + 57))).toBeLessThanOrEqual(3);
    expect(today.sunrise).toMatch(/\+01:00$/);
    const fifth = f.daily.find((d) => d.date === '2026-12-05')!;
    expect(fifth.weatherType).toBe('thunderstorm');
    expect(fifth.max).toBeGreaterThanOrEqual(fifth.min);
  });

  it('rejects an empty, reordered or foreign body', () => {
    const kind = (body: unknown) => {
      try {
        provider.parse(body, paris);
        return 'no error';
      } catch (err) {
        return err instanceof ProviderError ? err.kind : 'other';
      }
    };
    const empty = recorded();
    empty.properties.timeseries = [];
    expect(kind(empty)).toBe('empty');
    const reordered = recorded();
    reordered.properties.timeseries.reverse();
    expect(kind(reordered)).toBe('invalid');
    expect(kind({ type: 'Feature', geometry: {} })).toBe('invalid');
    const sixHourlyOnly = recorded();
    sixHourlyOnly.properties.timeseries = sixHourlyOnly.properties.timeseries.slice(60);
    expect(kind(sixHourlyOnly)).toBe('empty');
  });
});
