import { parseOptions } from './parse-options';
import { gaussian, seededRandom } from '@server/supplies/simulation';
import type { Supply } from '@server/supplies/types';
import { printJson, UsageError, type CliCommand } from './types';

interface SimSupply extends Pick<Supply, 'id' | 'name' | 'unit' | 'capacity' | 'level' | 'reorderPoint'> {
  /** Use per day; the measured rate when the server knows it, else a pack a week. */
  perDay: number;
}

async function call(url: string, token: string, method: 'GET' | 'POST', body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

function parseSupplyArg(spec: string): SimSupply {
  const [id, unit, capacity, level] = spec.split(':');
  const cap = Number(capacity);
  if (!id || !unit || !Number.isFinite(cap) || cap <= 0) throw new UsageError(`--supply must look like ID:UNIT:CAPACITY[:LEVEL] (got ${spec})`);
  const lvl = level === undefined ? cap : Number(level);
  return { id, name: id, unit, capacity: cap, level: Number.isFinite(lvl) ? lvl : cap, reorderPoint: cap * 0.2, perDay: cap / 7 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `miroir devices simulate`: a pretend fridge/printer/filter streaming readings to a running
 * server, so the demo mirror visibly changes. Use follows mealtimes, readings carry sensor noise,
 * and a supply that runs low is now and then refilled, as a household would.
 */
export const devicesSimulate: CliCommand = {
  path: ['devices', 'simulate'],
  summary: 'Stream realistic device readings (use, noise, refills) to a running server.',
  usage:
    'miroir devices simulate --token TOKEN [--url http://127.0.0.1:3000] [--interval SECONDS] [--speed N] [--count N] [--seed N]\n' +
    '  with an owner or app token: creates a "Simulator" device for every supply of the household;\n' +
    '  with a device token: --device ID --supply ID:UNIT:CAPACITY[:LEVEL] (repeatable)',
  async run(args, io) {
    const { values } = parseOptions({
      args,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        token: { type: 'string' },
        device: { type: 'string' },
        supply: { type: 'string', multiple: true },
        interval: { type: 'string', default: '5' },
        speed: { type: 'string', default: '720' },
        count: { type: 'string' },
        seed: { type: 'string', default: '1' },
      },
      strict: true,
    });
    if (!values.token) throw new UsageError('--token is required (an owner or app token, or a device token)');
    const interval = Number(values.interval);
    const speed = Number(values.speed);
    const count = values.count === undefined ? Infinity : Number(values.count);
    if (!(interval > 0) || !(speed > 0) || !(count > 0)) throw new UsageError('--interval, --speed and --count must be positive numbers');
    const base = values.url.replace(/\/+$/, '');

    // Readings are dated in the server's time, which may be shifted (MIROIR_FAKE_NOW).
    const health = (await call(`${base}/health`, values.token, 'GET')) as { time?: string };
    const offset = health.time ? Date.parse(health.time) - Date.now() : 0;

    let deviceId = values.device;
    let token = values.token;
    let supplies: SimSupply[];
    // A person's token (owner or app) makes a simulator device; a device token reports as itself.
    if (!token.startsWith('md_')) {
      const list = (await call(`${base}/api/v1/supplies`, token, 'GET')) as {
        supplies: { id: string; name: string; unit: string; capacity: number; level: number; reorderPoint: number; ratePerDay: number | null }[];
      };
      if (list.supplies.length === 0) throw new UsageError('the household has no supplies to simulate');
      supplies = list.supplies.map((s) => ({ ...s, perDay: s.ratePerDay && s.ratePerDay > 0 ? s.ratePerDay : s.capacity / 7 }));
      const device = (await call(`${base}/api/v1/devices`, token, 'POST', { name: 'Simulator', kind: 'simulator', supplyIds: supplies.map((s) => s.id) })) as { id: string; token: string };
      deviceId = device.id;
      token = device.token;
      printJson(io, { deviceId, token });
    } else {
      if (!deviceId || !values.supply?.length) throw new UsageError('with a device token, --device and at least one --supply are required');
      supplies = values.supply.map(parseSupplyArg);
    }

    const rand = seededRandom(Number(values.seed) || 1);
    const run = Math.floor(rand() * 1e9).toString(36);
    const simHoursPerTick = (interval * speed) / 3600;
    for (let tick = 0; tick < count; tick++) {
      const at = new Date(Date.now() + offset);
      const hour = at.getHours();
      const mealtime = hour >= 6 && hour <= 9 ? 1.6 : hour >= 18 && hour <= 21 ? 1.4 : 0.7;
      const readings = supplies.map((s) => {
        s.level = Math.max(0, s.level - (s.perDay / 24) * simHoursPerTick * mealtime * (0.6 + 0.8 * rand()));
        if (s.level <= s.reorderPoint && rand() < 0.25) s.level = s.capacity;
        const measured = Math.max(0, s.level + gaussian(rand) * 0.01 * s.capacity);
        return { id: `sim-${run}-${tick}-${s.id.slice(0, 8)}`, supplyId: s.id, level: Math.round(measured * 1000) / 1000, unit: s.unit, at: at.toISOString() };
      });
      const result = (await call(`${base}/api/v1/devices/${deviceId}/telemetry`, token, 'POST', { readings })) as { accepted: number; rejected: number };
      io.stdout(`${JSON.stringify({ at: at.toISOString(), accepted: result.accepted, rejected: result.rejected, levels: Object.fromEntries(supplies.map((s) => [s.name, Math.round(s.level * 100) / 100])) })}\n`);
      if (tick + 1 < count) await sleep(interval * 1000);
    }
    return 0;
  },
};
