import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@server/app';
import type { Clock } from '@server/core/clock';
import { loadConfig } from '@server/plugins/config';

export interface RunningServer {
  app: FastifyInstance;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * The real server, listening on 127.0.0.1, on a SQLite store under `dataDir` that outlives it, so a
 * test can stop it and start another on the same port and data (a server restart, as the page sees it).
 */
export async function startServer(options: { dataDir: string; openMeteoUrl: string; clock: Clock; port?: number; env?: Record<string, string> }): Promise<RunningServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const config = loadConfig({
    MIROIR_DATA_DIR: options.dataDir,
    LOG_LEVEL: 'silent',
    MIROIR_RATE_LIMIT: '100000',
    MIROIR_BACKGROUND_JOBS: 'false',
    OPEN_METEO_URL: options.openMeteoUrl,
    MET_NO_URL: 'http://127.0.0.1:9/weatherapi',
    // The place search goes to the same stub's host unless a test says otherwise: never outside.
    OPEN_METEO_GEOCODING_URL: options.openMeteoUrl,
    ...options.env,
  });
  const app = await buildApp({ config, clock: options.clock, logger: false });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return { app, port, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
