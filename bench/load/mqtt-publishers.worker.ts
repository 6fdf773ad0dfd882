import type { MqttClient } from 'mqtt';
import { parentPort, workerData } from 'node:worker_threads';
import type { MqttLoad, MqttLoadResult } from './mqtt-publishers';

/**
 * The devices' side of the MQTT benchmark, on a thread of its own: fifty MQTT clients building,
 * publishing and acknowledging messages are work the devices do, not the server.
 */
const load = workerData as MqttLoad;

async function connected(): Promise<MqttClient> {
  const { connect } = await import('mqtt');
  const client = connect(load.broker, { clean: true });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

async function run(): Promise<MqttLoadResult> {
  const publishers = await Promise.all(load.fleet.map(() => connected()));
  const started = Date.now();
  const until = started + load.seconds * 1000;
  let published = 0;
  let failed = 0;
  await Promise.all(
    load.fleet.map(async (d, i) => {
      const client = publishers[i];
      const topic = `${load.root}/${load.householdId}/devices/${d.id}/telemetry`;
      const message = (n: number) => JSON.stringify({ token: d.token, readings: [{ id: `q${n}`, supplyId: d.supplyId, level: 100 - ((n / 10) % 90), unit: 'L', at: new Date().toISOString() }] });
      if (load.offeredPerSec) {
        await paced(client, topic, message, i, () => published++, () => failed++);
        return;
      }
      await client.subscribeAsync(`${topic}/result`, { qos: 0 });
      const answered: (() => void)[] = [];
      client.on('message', () => answered.shift()?.());
      let k = 0;
      const lane = async () => {
        while (Date.now() < until) {
          const n = k++;
          const body = message(n);
          const result = new Promise<void>((resolve) => answered.push(resolve));
          try {
            await client.publishAsync(topic, body, { qos: load.qos });
            published++;
            // A result lost (QoS 0) must not stall the device for ever.
            await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 2_000))]);
          } catch {
            failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: load.window }, lane));
    }),
  );
  const publishMs = Date.now() - started;
  await Promise.all(publishers.map((c) => c.endAsync()));
  return { published, failed, startedAt: started, publishMs };
}

/**
 * One device of the open loop: its k-th message is due at start + (k + phase) × interval, sent
 * late rather than skipped when the broker's acknowledgements hold it back.
 */
async function paced(client: MqttClient, topic: string, message: (n: number) => string, index: number, onAcknowledged: () => void, onFailed: () => void): Promise<void> {
  const intervalMs = (1000 * load.fleet.length) / load.offeredPerSec!;
  const start = Date.now();
  const until = start + load.seconds * 1000;
  const phase = index / load.fleet.length;
  const unacked = new Set<Promise<void>>();
  for (let k = 0; ; k++) {
    const due = start + (k + phase) * intervalMs;
    if (due >= until) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (unacked.size >= load.window) await Promise.race(unacked);
    const sent: Promise<void> = client.publishAsync(topic, message(k), { qos: load.qos }).then(onAcknowledged, onFailed);
    const tracked = sent.finally(() => unacked.delete(tracked));
    unacked.add(tracked);
  }
  await Promise.all(unacked);
}

run().then(
  (result) => parentPort!.postMessage(result),
  (error: unknown) => {
    throw error;
  },
);
