import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './plugins/config';
import { seedDemoHousehold } from './demo/seed';
import { drainAndClose } from './fleet/drain';

/** Starts the server: the only place that listens. Exit codes: 2 bad configuration, 1 failure. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp({ config });
  let displayToken: string | null = null;
  if ((await app.households.listIds()).length === 0) {
    const demo = await seedDemoHousehold(app, config.demoLocale);
    // The mirror gets a display token: it can show the home, not erase or export it. The owner
    // token made with the household is not printed: `npx miroir tokens create` mints one when needed.
    displayToken = await app.households.tokens.issue(demo.household.id, 'display', null, 'mirror (npm start)');
    app.log.info({ householdId: demo.household.id }, 'demo household created');
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const lines = [`Miroir is running on ${base} (store: ${app.store.dialect})`, `API docs: ${base}/docs`];
  if (displayToken) {
    lines.push(`Mirror (display token, shown once): ${base}/mirror#token=${displayToken}`);
  } else {
    lines.push(`Mirror: ${base}/mirror (open it with #token=<display token>; \`npx miroir tokens create --scope display\` mints one)`);
  }
  lines.push(
    'Owner or app token (your phone, scripts, /api/v1/tokens): run `npx miroir tokens create --scope owner` (or `--scope app`)',
    '  with the same MIROIR_DATA_DIR / DATABASE_URL as this server; it prints the token once.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'draining, then shutting down');
    // Readiness false and streams told to reconnect elsewhere first; the balancer gets drainMs to notice.
    const force = setTimeout(() => process.exit(1), config.drainMs + 10_000);
    force.unref();
    drainAndClose(app, { graceMs: app.store.dialect === 'postgres' ? config.drainMs : 0, requestsTimeoutMs: 5_000 })
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Miroir failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
