import { ConfigError, loadConfig } from '@server/plugins/config';

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      weatherProvider: 'open-meteo',
      openMeteoUrl: 'https://api.open-meteo.com/v1',
      metNoUrl: 'https://api.met.no/weatherapi',
      alexaVerifySignature: true,
      logLevel: 'info',
      backgroundJobs: true,
    });
    expect(c.dataDir).toMatch(/data$/);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads and converts values', () => {
    const c = loadConfig({ PORT: '8080', ALEXA_VERIFY_SIGNATURE: 'false', DATABASE_URL: 'postgres://u@h/db', WEATHER_PROVIDER: 'met-no', MIROIR_FAKE_NOW: '2026-01-15T07:00:00+01:00' });
    expect(c.port).toBe(8080);
    expect(c.alexaVerifySignature).toBe(false);
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.weatherProvider).toBe('met-no');
    expect(c.fakeNow).toBe('2026-01-15T07:00:00+01:00');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['WEATHER_PROVIDER', 'accuweather'],
    ['DATABASE_URL', 'mysql://x'],
    ['ALEXA_VERIFY_SIGNATURE', 'yes'],
    ['LOG_LEVEL', 'loud'],
    ['MIROIR_FAKE_NOW', 'tomorrow'],
    ['OPEN_METEO_URL', 'ftp://x'],
    ['MIROIR_PUBLIC_URL', 'miroir.local:3000'],
    ['MIROIR_PUBLIC_URL', 'http://192.168.1.20:3000/?x=1'],
    ['MIROIR_PUBLIC_URL', 'http://'],
  ])('names the variable when %s=%s is wrong', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
  });

  it('takes MIROIR_PUBLIC_URL as the address phones open', () => {
    expect(loadConfig({ MIROIR_PUBLIC_URL: 'http://192.168.1.20:3000' }).publicUrl).toBe('http://192.168.1.20:3000');
  });
});
