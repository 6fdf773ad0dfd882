import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const FIXTURE = path.resolve(__dirname, '../../test/weather/fixtures/open-meteo-paris.json');
const FIXTURE_DAY = '2026-11-30';
const DAY_MS = 86_400_000;

/**
 * Open-Meteo as the bench's server sees it: the recorded Paris forecast, its days moved to today
 * (the bench runs on the real clock). Weather is outside the house: without it the server would
 * ask the real provider, unreachable here, and every read of a forecast gone stale during the run
 * would wait for that failure, which is not what a mirror with internet sees.
 */
export async function startWeatherStub(): Promise<{ url: string; close(): Promise<void> }> {
  const shift = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(FIXTURE_DAY)) / DAY_MS);
  const body = fs.readFileSync(FIXTURE, 'utf8').replace(/\b(\d{4}-\d{2}-\d{2})(?=T|")/g, (day: string) => new Date(Date.parse(day) + shift * DAY_MS).toISOString().slice(0, 10));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
