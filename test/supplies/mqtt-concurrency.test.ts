import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { MqttTelemetry } from '@server/supplies/mqtt';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createDevice, createSupply, type TestHousehold } from './fixtures';

const BROKER = process.env.MIROIR_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const DEVICES = 10;
const MESSAGES = 15;

/**
 * MQTT ingestion with per-device queues: messages of different devices are ingested at once (so
 * they share the store's group commits), one device's in the order it sent them.
 */
describe('MQTT telemetry: devices concurrently, each in order (local Mosquitto)', () => {
  let t: TestApp;
  let home: TestHousehold;
  let publisher: MqttClient;
  const fleet: { id: string; token: string; supplyId: string }[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    home = await t.household('Busy home', 'en-US');
    for (let i = 0; i < DEVICES; i++) {
      const supply = await createSupply(t, home, { name: `Tank ${i}`, unit: 'L', capacity: 100, policy: { mode: 'notify' } });
      const device = await createDevice(t, home, [supply.id], `Sensor ${i}`);
      fleet.push({ id: device.id, token: device.token, supplyId: supply.id });
    }
    publisher = connect(BROKER);
    await new Promise<void>((resolve, reject) => {
      publisher.once('connect', () => resolve());
      publisher.once('error', reject);
    });
  });
  afterAll(async () => {
    await publisher.endAsync();
    await t.close();
  });

  /**
   * Every device publishes MESSAGES messages at once; message k carries reading k and again reading
   * k-1. In order, each message stores one reading and finds one duplicate; out of order, some
   * message would store two. Returns each device's results in arrival order.
   */
  async function burst(mqtt: MqttTelemetry, root: string, tag: string, qos: 0 | 1 = 1): Promise<Map<string, { accepted: number; duplicates: number }[]>> {
    const results = new Map<string, { accepted: number; duplicates: number }[]>(fleet.map((d) => [d.id, []]));
    await publisher.subscribeAsync(`${root}/+/devices/+/telemetry/result`, { qos: 1 });
    const all = new Promise<void>((resolve) => {
      let left = DEVICES * MESSAGES;
      publisher.on('message', (topic, payload) => {
        if (!topic.startsWith(`${root}/`)) return;
        results.get(topic.split('/')[3])!.push(JSON.parse(payload.toString()) as { accepted: number; duplicates: number });
        if (--left === 0) resolve();
      });
    });
    const at = t.clock.now().toISOString();
    const sends: Promise<unknown>[] = [];
    for (let k = 0; k < MESSAGES; k++) {
      for (const d of fleet) {
        const reading = (n: number) => ({ id: `${tag}-${d.id}-${n}`, supplyId: d.supplyId, level: 90 - n, unit: 'L', at });
        const readings = k === 0 ? [reading(0)] : [reading(k), reading(k - 1)];
        sends.push(publisher.publishAsync(`${root}/${home.id}/devices/${d.id}/telemetry`, JSON.stringify({ readings, token: d.token }), { qos }));
      }
    }
    await Promise.all(sends);
    await all;
    await mqtt.drain();
    return results;
  }

  const groups = () => ({ ...t.app.store.groupCommitter!.stats });

  it('ingests different devices together (several per commit), each device strictly in order, every reading stored', async () => {
    const root = `miroir-test-${randomBytes(4).toString('hex')}`;
    const mqtt = new MqttTelemetry(t.app.supplies, t.app.households, { url: BROKER, root, maxInFlight: 16 });
    await mqtt.start();
    const before = groups();
    const results = await burst(mqtt, root, 'c');
    const after = groups();
    await mqtt.stop();
    for (const [, list] of results) {
      expect(list).toHaveLength(MESSAGES);
      expect(list[0]).toMatchObject({ accepted: 1, duplicates: 0 });
      for (const r of list.slice(1)) expect(r).toMatchObject({ accepted: 1, duplicates: 1 });
    }
    const stored = await t.app.store.db.selectFrom('readings').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'like', 'c-%').executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(DEVICES * MESSAGES);
    // Concurrent devices shared commits: fewer transactions than messages.
    expect(after.units - before.units).toBeGreaterThanOrEqual(DEVICES * MESSAGES);
    expect(after.groups - before.groups).toBeLessThan((after.units - before.units) * 0.8);
  });

  // QoS 0 is what zigbee2mqtt and ESPHome publish state with by default: no acknowledgement to hold
  // back, the client's reading of the next packet is held instead.
  it.each([1, 0] as const)('with maxInFlight 1, one message at a time: one per commit (devices at QoS %i)', async (qos) => {
    const root = `miroir-test-${randomBytes(4).toString('hex')}`;
    const mqtt = new MqttTelemetry(t.app.supplies, t.app.households, { url: BROKER, root, maxInFlight: 1 });
    await mqtt.start();
    const before = groups();
    const results = await burst(mqtt, root, `s${qos}`, qos);
    const after = groups();
    await mqtt.stop();
    for (const [, list] of results) expect(list.slice(1).every((r) => r.accepted === 1 && r.duplicates === 1)).toBe(true);
    expect(after.groups - before.groups).toBe(after.units - before.units);
  });
});
