import { parseOptions } from './parse-options';
import { HouseholdService } from '@server/households/service';
import { systemClock } from '@server/core/clock';
import { Store } from '@server/store/store';
import { configFrom, printJson, UsageError, type CliCommand } from './types';

export const householdCreate: CliCommand = {
  path: ['household', 'create'],
  summary: 'Create a household and print its id and token (shown once).',
  usage: 'miroir household create --name NAME [--locale fr-FR] [--timezone Europe/Paris] [--lat N --lon N] [--currency EUR]',
  async run(args, io) {
    const { values } = parseOptions({
      args,
      options: {
        name: { type: 'string' },
        locale: { type: 'string', default: 'fr-FR' },
        timezone: { type: 'string', default: 'Europe/Paris' },
        lat: { type: 'string' },
        lon: { type: 'string' },
        currency: { type: 'string' },
      },
      strict: true,
    });
    if (!values.name?.trim()) throw new UsageError('--name is required');
    if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(values.locale ?? '')) throw new UsageError(`--locale must look like fr-FR (got ${values.locale})`);
    const coord = (raw: string | undefined, name: string, limit: number): number | null => {
      if (raw === undefined) return null;
      const n = Number(raw);
      if (!Number.isFinite(n) || Math.abs(n) > limit) throw new UsageError(`--${name} must be a number between -${limit} and ${limit}`);
      return n;
    };
    const latitude = coord(values.lat, 'lat', 90);
    const longitude = coord(values.lon, 'lon', 180);
    if ((latitude === null) !== (longitude === null)) throw new UsageError('--lat and --lon go together');
    const config = configFrom(io);
    const store = await Store.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await store.migrate();
      const service = new HouseholdService(store, systemClock);
      const created = await service.create({
        name: values.name.trim(),
        locale: values.locale,
        timezone: values.timezone,
        latitude,
        longitude,
        // Absent: the locale's region decides (en-GB → GBP, en-CA → CAD), in the service.
        currency: values.currency,
      });
      printJson(io, { householdId: created.household.id, token: created.token });
      return 0;
    } finally {
      await store.close();
    }
  },
};
