import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MQTT_IN_FLIGHT, MqttTelemetry } from '@server/supplies/mqtt';
import type { BenchContext, BenchRow, BenchScenario } from '../types';
import { runMqttLoad } from '../load/mqtt-publishers';
import { mainThreadCpuMicros } from '../load/thread-cpu';
import { devices } from './supplies';

/**
 * Telemetry through MQTT as a house full of devices produces it: BENCH_DEVICES devices (on a thread
 * of their own, bench/load), one connection each to the local Mosquitto (MQTT_URL, default mqtt://127.0.0.1:1883), each publishing one
 * reading per message at QoS 1, for BENCH_SECONDS, with WINDOW messages per device awaiting their
 * result on `<topic>/result` (a closed loop: an open one faster than the ingestion only fills the
 * broker's queue, which drops past max_queued_messages, 1000 by default). Readings/s is what the store holds afterwards (counted from the readings table,
 * SQLite WAL, fsynced before each result) over the time from the first publish to the last message ingested.
 * Measured twice in one run: one message at a time (the ingestion before per-device queues) and
 * with per-device queues.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Messages each device has sent and not yet had answered (devices catching up after a gap). */
const WINDOW = Number(process.env.BENCH_MQTT_WINDOW ?? 4);
const BROKER = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';

async function ingestion(ctx: BenchContext, maxInFlight: number): Promise<BenchRow> {
  const label = `Mqtt ${maxInFlight}`;
  const fleet = await devices(ctx, label);
  const root = `miroir-bench-${randomBytes(4).toString('hex')}`;
  const mqtt = new MqttTelemetry(ctx.app.supplies, ctx.app.households, { url: BROKER, root, maxInFlight });
  await mqtt.start();
  const before = { ...(ctx.app.store.groupCommitter?.stats ?? { groups: 0, units: 0, largestGroup: 0 }) };
  const cpuStart = process.cpuUsage();
  const threadStart = mainThreadCpuMicros();
  const elu = performance.eventLoopUtilization();
  const load = await runMqttLoad({ broker: BROKER, root, householdId: ctx.householdId, fleet, seconds: SECONDS, window: WINDOW });
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
    name: `supplies telemetry over MQTT (1/message, ${fleet.length} devices × ${WINDOW} in flight, ${maxInFlight === 1 ? 'one message at a time' : 'per-device queues'})`,
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

export const mqttScenarios: BenchScenario[] = [
  {
    kind: 'custom',
    name: 'supplies telemetry over MQTT',
    async run(ctx) {
      return [await ingestion(ctx, 1), await ingestion(ctx, DEFAULT_MQTT_IN_FLIGHT)];
    },
  },
];
