import { buildApp } from './app';
import { joinUrl, publicAddress } from './households/public-address';
import { ConfigError, loadConfig, type Config } from './plugins/config';
import { seedDemoHousehold } from './demo/seed';
import { drainAndClose } from './fleet/drain';

/**
 * A join code for the home's phones, as a terminal QR code and typed: whoever reads this terminal
 * can already read the data dir, so showing it here gives nothing away. Only when there is one
 * household (several: each connects its phones from its own mirror).
 */
async function phoneLines(app: Awaited<ReturnType<typeof buildApp>>, config: Config, port: number): Promise<string[]> {
  const ids = await app.households.listIds();
  if (ids.length !== 1) return ['Connect a phone: open the mirror’s settings and choose “Connect a phone”.'];
  const issued = await app.joinCodes.issue(ids[0], null);
  const address = publicAddress({ publicUrl: config.publicUrl, host: config.host, port });
  const url = joinUrl(address.url, issued.code);
  // Loaded here: only the one-household start prints a QR code, after the server answers.
  const { default: QRCode } = await import('qrcode');
  const qr = await QRCode.toString(url, { type: 'terminal', small: true });
  const lines = ['', 'Connect a phone: scan this code, or open /app and type the code (valid 10 minutes, once):', qr.trimEnd(), `Join code: ${issued.code}`, `Join URL: ${url}`];
  if (!address.reachableFromPhones) {
    lines.push(
      address.reason === 'noNetwork'
        ? 'No network address was found on this machine: connect it to the home network, or set MIROIR_PUBLIC_URL.'
        : 'The server only listens on this machine (loopback): a phone cannot open this address. To open it to the home network, start with `HOST=0.0.0.0 npm start` (or set MIROIR_PUBLIC_URL).',
      'That means anyone on the home network can reach the sign-in page; every request still needs a token, and the join code expires in 10 minutes.',
    );
  }
  return lines;
}

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
  // Stopping cleanly is possible from the moment the server listens, before anything is printed.
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
  // Where the server is, as soon as it answers; the phone's join code (a write, a QR code) after.
  process.stdout.write(`${lines.join('\n')}\n`);
  // A stop asked meanwhile may close the store under the join code's write: nothing to print then.
  const phone = await phoneLines(app, config, port).catch((err: unknown) => (closing ? [] : Promise.reject(err)));
  if (!closing) process.stdout.write(`${phone.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Miroir failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
