import type { Config, WEATHER_PROVIDERS } from '@server/plugins/config';
import type { WeatherProvider } from '../types';
import { createMetNo } from './met-no';
import { createOpenMeteo } from './open-meteo';

/**
 * Every provider by the name the config accepts (WEATHER_PROVIDER). `satisfies` makes a provider
 * missing here, or a name the config does not know, a compile error rather than a runtime surprise.
 */
export const WEATHER_PROVIDER_REGISTRY = {
  'open-meteo': (config: Pick<Config, 'openMeteoUrl'>) => createOpenMeteo(config.openMeteoUrl),
  'met-no': (config: Pick<Config, 'metNoUrl'>) => createMetNo(config.metNoUrl),
} as const satisfies Record<(typeof WEATHER_PROVIDERS)[number], (config: Config) => WeatherProvider>;

export function createProvider(config: Config): WeatherProvider {
  return WEATHER_PROVIDER_REGISTRY[config.weatherProvider](config);
}
