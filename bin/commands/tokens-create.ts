import { parseOptions } from './parse-options';
import { systemClock } from '@server/core/clock';
import { HouseholdService } from '@server/households/service';
import { PERSON_SCOPES, type PersonScope } from '@server/households/tables';
import { Store } from '@server/store/store';
import { configFrom, printJson, UsageError, type CliCommand } from './types';

/**
 * `miroir tokens create --scope owner|app|display`: mints a token straight in the store the server
 * uses (MIROIR_DATA_DIR or DATABASE_URL). Whoever can run this already holds the data; it is how
 * the first owner or app token is had, since `npm start` prints only the mirror's display token.
 */
export const tokensCreate: CliCommand = {
  path: ['tokens', 'create'],
  summary: 'Mint an owner, app or display token for a household and print it (shown once).',
  usage: 'miroir tokens create --scope owner|app|display [--household ID] [--label TEXT]   (the household may be left out when the store holds one)',
  async run(args, io) {
    const { values } = parseOptions({
      args,
      options: { scope: { type: 'string' }, household: { type: 'string' }, label: { type: 'string' } },
      strict: true,
    });
    const scope = values.scope as PersonScope | undefined;
    if (!scope || !PERSON_SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${PERSON_SCOPES.join(', ')}`);
    const label = (values.label ?? `${scope} (miroir tokens create)`).trim();
    if (!label || label.length > 60) throw new UsageError('--label must be 1 to 60 characters');
    const config = configFrom(io);
    const store = await Store.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await store.migrate();
      const households = new HouseholdService(store, systemClock);
      const ids = await households.listIds();
      const householdId = values.household ?? (ids.length === 1 ? ids[0] : undefined);
      if (!householdId) throw new UsageError(ids.length === 0 ? 'the store holds no household yet' : `the store holds ${ids.length} households: say which with --household (${ids.join(', ')})`);
      if (!ids.includes(householdId)) throw new UsageError(`no household ${householdId} in this store`);
      const token = await households.tokens.issue(householdId, scope, null, label);
      printJson(io, { householdId, scope, label, token });
      return 0;
    } finally {
      await store.close();
    }
  },
};
