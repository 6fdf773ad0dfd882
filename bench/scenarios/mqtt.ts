import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MQTT_IN_FLIGHT, MqttTelemetry } from '@server/supplies/mqtt';
import type { BenchContext, BenchRow, BenchScenario } from '../types';
import { runMqttLoad } from '../load/mqtt-publishers';
import { mainThreadCpuMicros } from '../load/thread-cpu';
import { devices } from './supplies';

/**
 * Telemetry through MQTT as a house full of devices produces it: BENCH_DEVICES devices (on a thread
 * of their own, bench/load), one connection each to the local Mosquitto (MQTT_URL, default mqtt://127.0.0.1:1883), each publishing one
 * reading per message, for BENCH_SECONDS, with WINDOW messages per device awaiting their
 * result on `<topic>/result` (a closed loop: an open one faster than the ingestion only fills the
 * broker's queue, which drops past max_queued_messages, 1000 by default). Readings/s is what the
 * store holds afterwards (counted from the readings table, SQLite WAL, fsynced before each result)
 * over the time from the first publish to the last message ingested.
 * Measured five times in one run. On that broker as it is configured: one message at a time (the
 * ingestion before per-device queues) and with per-device queues, devices publishing at QoS 1; the
 * same with devices at QoS 0, as zigbee2mqtt and ESPHome publish state by default (Miroir's result,
 * sent once the reading is fsynced, is then the device's only acknowledgement, and a stronger one
 * than the broker's PUBACK); and the open loop real firmware runs: devices publishing at QoS 1 on a
 * schedule of their own (OFFERED readings/s across the fleet) without waiting for results. The
 * closed loops measure a device's round trip as much as the ingestion; the open loop measures
 * whether the ingestion keeps up with a rate (it cannot store more than is offered; a backlog
 * shows as drainMs, a message the broker dropped as lost). Then QoS 1 on a broker of the bench's
 * own started with `set_tcp_nodelay true`, as server/supplies/README.md recommends.
 *
 * Why the broker's setting matters: Mosquitto leaves Nagle's algorithm on by default, and it sends a
 * device two small packets in a row (the PUBACK of its reading, then the result): the second waits
 * for the device's TCP acknowledgement, which the device delays up to 40 ms as it has nothing to
 * send. Every reading of a closed loop then takes ~45 ms whatever the server does (its loop half
 * idle). Real devices rarely send back to back, but a broker that forwards them should not add it.
 * At QoS 0 there is no PUBACK: the result is the one packet the broker sends the device, and nothing
 * waits for an acknowledgement.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Messages each device has sent and not yet had answered (devices catching up after a gap). */
const WINDOW = Number(process.env.BENCH_MQTT_WINDOW ?? 4);
const BROKER = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
/** The open loop's offered load, readings per second across the fleet: the 5,000 and more. */
const OFFERED = Number(process.env.BENCH_MQTT_OFFERED ?? 8000);

async function ingestion(ctx: BenchContext, maxInFlight: number, qos: 0 | 1, broker = BROKER, brokerLabel = '', offeredPerSec?: number): Promise<BenchRow> {
  const label = `Mqtt ${maxInFlight}`;
  const { householdId, devices: fleet } = await devices(ctx, label);
  const root = `miroir-bench-${randomBytes(4).toString('hex')}`;
  const mqtt = new MqttTelemetry(ctx.app.supplies, ctx.app.households, { url: broker, root, maxInFlight });
  await mqtt.start();
  const before = { ...(ctx.app.store.groupCommitter?.stats ?? { groups: 0, units: 0, largestGroup: 0 }) };
  const cpuStart = process.cpuUsage();
  const threadStart = mainThreadCpuMicros();
  const elu = performance.eventLoopUtilization();
  const load = await runMqttLoad({ broker, root, householdId, fleet, seconds: SECONDS, window: WINDOW, qos, offeredPerSec });
  const { published, failed, startedAt: started } = load;
  const publishedMs = load.publishMs;
  // Everything the broker acknowledged is delivered to the ingestion; wait until it is stored.
  let stored = 0;
  for (let tries = 0; tries < 600; tries++) {
    await mqtt.drain();
    const row = await ctx.app.store.db
      .selectFrom('readings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_id', 'in', fleet.map((d) => d.id))
      .executeTakeFirstOrThrow();
    stored = Number(row.n);
    if (stored >= published) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsedMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const threadEnd = mainThreadCpuMicros();
  const loop = performance.eventLoopUtilization(elu);
  await mqtt.stop();
  const after = ctx.app.store.groupCommitter?.stats;
  return {
    name: offeredPerSec
      ? `supplies telemetry over MQTT (1/message at QoS ${qos}, ${fleet.length} devices offering ${offeredPerSec}/s between them, not waiting for results, per-device queues${brokerLabel})`
      : `supplies telemetry over MQTT (1/message at QoS ${qos}, ${fleet.length} devices × ${WINDOW} in flight, ${maxInFlight === 1 ? 'one message at a time' : 'per-device queues'}${brokerLabel})`,
    extra: {
      readingsPerSec: Math.round((stored / elapsedMs) * 1000),
      published,
      stored,
      lost: Math.max(0, published - stored),
      failed,
      publishMs: publishedMs,
      drainMs: elapsedMs - publishedMs,
      cpu_us_per_reading: Math.round((cpu.user + cpu.system) / Math.max(1, stored)),
      server_loop_busy_pct: Math.round(loop.utilization * 100),
      ...(threadStart !== null && threadEnd !== null ? { server_thread_cpu_us_per_reading: Math.round((threadEnd - threadStart) / Math.max(1, stored)) } : {}),
      ...(after ? { units_per_commit: Math.round(((after.units - before.units) / Math.max(1, after.groups - before.groups)) * 10) / 10 } : {}),
    },
  };
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** A Mosquitto of the bench's own on a free port, configured as the README recommends; null without the binary. */
async function tunedBroker(): Promise<{ url: string; stop: () => void } | null> {
  if (spawnSync('sh', ['-c', 'command -v mosquitto']).status !== 0) return null;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-bench-mqtt-'));
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\npersistence false\n`);
  const child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  for (let tries = 0; tries < 100; tries++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() !== undefined));
      socket.on('error', () => resolve(false));
    });
    if (up) return { url: `mqtt://127.0.0.1:${port}`, stop: () => void child.kill() };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  return null;
}

export const mqttScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'supplies telemetry over MQTT',
    async run(ctx) {
      const rows = [
        await ingestion(ctx, 1, 1, BROKER, ', broker as configured'),
        await ingestion(ctx, DEFAULT_MQTT_IN_FLIGHT, 1, BROKER, ', broker as configured'),
        await ingestion(ctx, DEFAULT_MQTT_IN_FLIGHT, 0, BROKER, ', broker as configured'),
        await ingestion(ctx, DEFAULT_MQTT_IN_FLIGHT, 1, BROKER, ', broker as configured', OFFERED),
      ];
      const tuned = await tunedBroker();
      if (tuned) {
        try {
          rows.push(await ingestion(ctx, DEFAULT_MQTT_IN_FLIGHT, 1, tuned.url, ', broker with set_tcp_nodelay true'));
        } finally {
          tuned.stop();
        }
      }
      return rows;
    },
  },
];
