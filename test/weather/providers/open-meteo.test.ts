import { createOpenMeteo } from '@server/weather/providers/open-meteo';
import { ProviderError, type ForecastQuery } from '@server/weather/types';
import { apparentTemperature } from '@server/weather/apparent-temperature';
import { fixture } from '../stub-server';

const paris: ForecastQuery = { latitude: 48.85, longitude: 2.35, timezone: 'Europe/Paris' };
const provider = createOpenMeteo('http://weather.test/v1');
const parse = (name: string, query = paris) => provider.parse(JSON.parse(fixture(name)), query);

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProviderError) return err.kind;
    throw err;
  }
  return 'no error';
}

describe('Open-Meteo provider', () => {
  it('asks for the variables, zone and units we normalise to', () => {
    const { url } = provider.request(paris);
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('http://weather.test/v1/forecast');
    expect(u.searchParams.get('latitude')).toBe('48.85');
    expect(u.searchParams.get('longitude')).toBe('2.35');
    expect(u.searchParams.get('timezone')).toBe('Europe/Paris');
    expect(u.searchParams.get('wind_speed_unit')).toBe('ms');
    expect(u.searchParams.get('hourly')?.split(',')).toEqual(
      expect.arrayContaining(['temperature_2m', 'apparent_temperature', 'relative_humidity_2m', 'precipitation', 'precipitation_probability', 'weather_code', 'wind_speed_10m']),
    );
    expect(u.searchParams.get('daily')?.split(',')).toEqual(expect.arrayContaining(['sunrise', 'sunset', 'precipitation_sum']));
  });

  it('normalises a recorded answer: local times with offset, WMO codes to our vocabulary', () => {
    const f = parse('open-meteo-paris.json');
    expect(f.hourly).toHaveLength(168);
    expect(f.hourly[0]).toMatchObject({ time: '2026-11-30T00:00:00+01:00', humidity: 92 });
    expect(f.hourly[17]).toEqual({
      time: '2026-11-30T17:00:00+01:00',
      temperature: 8.3,
      apparentTemperature: 3.4,
      humidity: 85,
      windSpeed: 5.1,
      precipitation: 0.6,
      precipitationProbability: 70,
      weatherType: 'rain',
    });
    // Far hours have no probability in the answer: null, not a made-up 0.
    expect(f.hourly[150].precipitationProbability).toBeNull();
    expect(f.daily.map((d) => d.weatherType)).toEqual(['rain', 'rain', 'clear', 'fog', 'snow', 'thunderstorm', 'cloudy']);
    expect(f.daily[0]).toMatchObject({ date: '2026-11-30', sunrise: '2026-11-30T08:23:00+01:00', sunset: '2026-11-30T16:57:00+01:00', precipitationSum: 6.4 });
    expect(f.current).toMatchObject({ time: '2026-11-30T08:45:00+01:00', temperature: 4.6, apparentTemperature: 1.2, windSpeed: 3.9 });
  });

  it('converts units printed in the answer (km/h, °F) instead of trusting the request', () => {
    const metric = parse('open-meteo-paris.json');
    const imperial = parse('open-meteo-paris-kmh-fahrenheit.json');
    for (const i of [0, 17, 100]) {
      expect(imperial.hourly[i].windSpeed).toBeCloseTo(metric.hourly[i].windSpeed, 1);
      expect(imperial.hourly[i].temperature).toBeCloseTo(metric.hourly[i].temperature, 1);
      expect(imperial.hourly[i].apparentTemperature).toBeCloseTo(metric.hourly[i].apparentTemperature, 1);
    }
    expect(imperial.current?.windSpeed).toBeCloseTo(3.9, 1);
  });

  it('uses an answer without felt temperature or rain probability, computing the felt temperature and converting km/h', () => {
    const partial = parse('open-meteo-paris-no-apparent-kmh.json');
    const full = parse('open-meteo-paris.json');
    expect(partial.hourly).toHaveLength(168);
    expect(partial.daily).toEqual([]);
    for (const i of [0, 17, 100]) {
      const row = partial.hourly[i];
      expect(row.time).toBe(full.hourly[i].time);
      expect(row.temperature).toBe(full.hourly[i].temperature);
      expect(row.windSpeed).toBeCloseTo(full.hourly[i].windSpeed, 1);
      expect(row.humidity).toBe(full.hourly[i].humidity);
      expect(row.weatherType).toBe(full.hourly[i].weatherType);
      // Felt temperature as the MET Norway path computes it; no probability or amount made up.
      expect(row.apparentTemperature).toBe(apparentTemperature(row.temperature, row.humidity ?? 0, row.windSpeed));
      expect(row.apparentTemperature).toBeLessThan(row.temperature);
      expect(row.precipitationProbability).toBeNull();
      expect(row.precipitation).toBe(0);
    }
    expect(partial.current).toMatchObject({ time: '2026-11-30T08:45:00+01:00', temperature: 4.6, windSpeed: 3.9 });
    expect(partial.current?.apparentTemperature).toBe(apparentTemperature(4.6, partial.current?.humidity ?? 0, 3.9));
  });

  it('reads times with the answer\'s fixed offset, so the end of summer time repeats 02:00 with two offsets', () => {
    const f = parse('open-meteo-paris-dst-end.json');
    const times = f.hourly.map((h) => h.time);
    expect(times[26]).toBe('2026-10-25T02:00:00+02:00');
    expect(times[27]).toBe('2026-10-25T02:00:00+01:00');
    for (let i = 1; i < times.length; i++) expect(Date.parse(times[i]) - Date.parse(times[i - 1])).toBe(3_600_000);
    expect(f.daily[1].sunset).toBe('2026-10-25T17:39:00+01:00');
  });

  it('rejects what is not a forecast: an error body, mismatched columns, no rows, unknown units', () => {
    const good = JSON.parse(fixture('open-meteo-paris.json'));
    expect(kindOf(() => provider.parse(JSON.parse(fixture('open-meteo-error-400.json')), paris))).toBe('invalid');
    const short = structuredClone(good);
    short.hourly.temperature_2m.pop();
    expect(kindOf(() => provider.parse(short, paris))).toBe('invalid');
    const empty = structuredClone(good);
    for (const k of Object.keys(empty.hourly)) empty.hourly[k] = [];
    expect(kindOf(() => provider.parse(empty, paris))).toBe('empty');
    const odd = structuredClone(good);
    odd.hourly_units.wind_speed_10m = 'furlongs/fortnight';
    expect(kindOf(() => provider.parse(odd, paris))).toBe('invalid');
    expect(kindOf(() => provider.parse(null, paris))).toBe('invalid');
    expect(kindOf(() => provider.parse([], paris))).toBe('invalid');
    // A column that is there must match the times, even an optional one.
    const shortOptional = structuredClone(good);
    shortOptional.hourly.precipitation_probability.pop();
    expect(kindOf(() => provider.parse(shortOptional, paris))).toBe('invalid');
    const noTemperature = structuredClone(good);
    delete noTemperature.hourly.temperature_2m;
    expect(kindOf(() => provider.parse(noTemperature, paris))).toBe('invalid');
  });
});
