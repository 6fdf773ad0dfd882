import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { MqttTelemetry } from '@server/supplies/mqtt';
import { inProcessFleet, type InProcessFleet } from '@test/fleet/support/in-process-fleet';

const BROKER = process.env.MIROIR_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

jest.setTimeout(60_000);

describe('MQTT telemetry shared by several instances ($share group, local Mosquitto)', () => {
  let fleet: InProcessFleet;
  const subscribers: MqttTelemetry[] = [];
  let publisher: MqttClient;
  const root = `miroir-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    fleet = await inProcessFleet(2);
    for (const m of fleet.members) {
      const sub = new MqttTelemetry(m.app.supplies, m.app.households, { url: BROKER, root, shareGroup: `g-${root}` });
      await sub.start();
      subscribers.push(sub);
    }
    publisher = connect(BROKER);
    await new Promise<void>((resolve, reject) => {
      publisher.once('connect', () => resolve());
      publisher.once('error', reject);
    });
  });
  afterAll(async () => {
    await publisher.endAsync();
    for (const s of subscribers) await s.stop();
    await fleet.close();
  });

  it('ingests each message once across the instances, not once per instance', async () => {
    const app = fleet.members[0].app;
    const created = await app.households.create({ name: 'Shared broker', locale: 'en-US' });
    await app.consents.set(created.household.id, { telemetry: true });
    const supply = await app.supplies.create(created.household.id, { name: 'Milk', unit: 'L', capacity: 100, level: 100 });
    const device = await app.supplies.createDevice(created.household.id, { name: 'Fridge', kind: 'fridge', supplyIds: [supply.id] });
    const results: string[] = [];
    await publisher.subscribeAsync(`${root}/+/devices/+/telemetry/result`, { qos: 1 });
    publisher.on('message', (_topic, payload) => results.push(payload.toString()));
    const topic = `${root}/${created.household.id}/devices/${device.id}/telemetry`;
    const base = new Date(fleet.clock.now().getTime() - 3_600_000);
    for (let i = 0; i < 20; i++) {
      const reading = { id: `s${i}`, supplyId: supply.id, level: 100 - i, unit: 'L', at: new Date(base.getTime() + i * 60_000).toISOString() };
      await publisher.publishAsync(topic, JSON.stringify({ readings: [reading], token: device.token }), { qos: 1 });
    }
    const deadline = Date.now() + 10_000;
    while (results.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    for (const s of subscribers) await s.drain();
    // One answer per message: not one per instance.
    expect(results).toHaveLength(20);
    expect(results.every((r) => (JSON.parse(r) as { accepted: number }).accepted === 1)).toBe(true);
    const rows = await fleet.members[0].store.db.selectFrom('readings').select('id').where('household_id', '=', created.household.id).where('id', 'like', 's%').execute();
    expect(rows).toHaveLength(20);
  });
});
