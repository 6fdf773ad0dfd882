import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { MqttTelemetry } from '@server/supplies/mqtt';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { createDevice, createSupply, type TestHousehold } from './fixtures';

const BROKER = process.env.MIROIR_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

describe('telemetry over MQTT (local Mosquitto)', () => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  let mqtt: MqttTelemetry;
  let publisher: MqttClient;
  // A topic root of its own, so parallel runs on the same broker never see each other.
  const root = `miroir-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    t = await buildTestApp();
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'en-US');
    mqtt = new MqttTelemetry(t.app.supplies, t.app.households, { url: BROKER, root });
    await mqtt.start();
    publisher = connect(BROKER);
    await new Promise<void>((resolve, reject) => {
      publisher.once('connect', () => resolve());
      publisher.once('error', reject);
    });
    await publisher.subscribeAsync(`${root}/+/devices/+/telemetry/result`, { qos: 1 });
  });
  afterAll(async () => {
    await publisher.endAsync();
    await mqtt.stop();
    await t.close();
  });

  /** Publishes and waits for the result the ingestion publishes back. */
  const send = (householdId: string, deviceId: string, body: unknown): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const topic = `${root}/${householdId}/devices/${deviceId}/telemetry`;
      const onMessage = (received: string, payload: Buffer) => {
        if (received !== `${topic}/result`) return;
        publisher.off('message', onMessage);
        resolve(JSON.parse(payload.toString()) as Record<string, unknown>);
      };
      publisher.on('message', onMessage);
      void publisher.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
    });

  it('feeds the same ingestion as HTTP, idempotent by reading id, with the device token in the payload', async () => {
    const milk = await createSupply(t, a, { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const reading = { id: 'm1', supplyId: milk.id, level: 1.25, unit: 'L', at: t.clock.now().toISOString() };
    expect(await send(a.id, device.id, { readings: [reading], token: device.token })).toMatchObject({ accepted: 1 });
    expect(await send(a.id, device.id, { readings: [reading], token: device.token })).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await t.app.supplies.get(a.id, milk.id)).level).toBe(1.25);
  });

  it('refuses a reading without the token of the device its topic names (none, a household token, another device), storing and ordering nothing, and counts it', async () => {
    // What an outsider on the broker did: a bare publish on the documented topic, for a supply on auto.
    const coffee = await createSupply(t, a, { name: 'Coffee', unit: 'kg', capacity: 1, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'auto', maxPerOrder: 100, maxPerMonth: 300 } });
    const device = await createDevice(t, a, [coffee.id]);
    const other = await createDevice(t, a, [coffee.id], 'Scale');
    const reading = { id: 'c1', supplyId: coffee.id, level: 0.05, unit: 'kg', at: t.clock.now().toISOString() };
    const refusedBefore = mqtt.refused;
    expect(await send(a.id, device.id, { readings: [reading] })).toEqual({ error: { code: 'UNAUTHORIZED' } });
    expect(await send(a.id, device.id, { readings: [reading], token: a.token })).toEqual({ error: { code: 'UNAUTHORIZED' } });
    expect(await send(a.id, device.id, { readings: [reading], token: other.token })).toEqual({ error: { code: 'UNAUTHORIZED' } });
    expect(await send(a.id, device.id, { readings: [reading], token: 'md_forged' })).toEqual({ error: { code: 'UNAUTHORIZED' } });
    expect(mqtt.refused - refusedBefore).toBe(4);
    expect(await t.app.store.db.selectFrom('readings').select('id').where('supply_id', '=', coffee.id).where('source', '=', 'device').execute()).toHaveLength(0);
    expect(await t.app.store.db.selectFrom('orders').select('id').where('supply_id', '=', coffee.id).execute()).toHaveLength(0);
    expect((await t.app.supplies.get(a.id, coffee.id)).level).toBe(1);
  });

  it("refuses a device under another household's topic, and malformed payloads, changing nothing", async () => {
    const milk = await createSupply(t, a, { name: 'Milk 2', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const reading = { id: 'x1', supplyId: milk.id, level: 0.2, unit: 'L', at: t.clock.now().toISOString() };
    expect(await send(b.id, device.id, { readings: [reading], token: device.token })).toEqual({ error: { code: 'UNAUTHORIZED' } });
    expect(await send(a.id, device.id, '{"readings": [')).toEqual({ error: { code: 'INVALID_JSON' } });
    expect(await send(a.id, device.id, { readings: [{ ...reading, level: 'low' }], token: device.token })).toEqual({ error: { code: 'VALIDATION_FAILED' } });
    const rows = await t.app.store.db.selectFrom('readings').select('id').where('supply_id', '=', milk.id).where('source', '=', 'device').execute();
    expect(rows).toHaveLength(0);
  });
});

describe('telemetry over MQTT with MIROIR_MQTT_TRUST_BROKER (the broker authenticates devices)', () => {
  let t: TestApp;
  let a: TestHousehold;
  let mqtt: MqttTelemetry;
  let publisher: MqttClient;
  const root = `miroir-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    t = await buildTestApp({ env: { MIROIR_MQTT_TRUST_BROKER: 'true' } });
    a = await t.household('Trusting', 'en-US');
    mqtt = new MqttTelemetry(t.app.supplies, t.app.households, { url: BROKER, root, trustBroker: t.config.mqttTrustBroker });
    await mqtt.start();
    publisher = connect(BROKER);
    await new Promise<void>((resolve, reject) => {
      publisher.once('connect', () => resolve());
      publisher.once('error', reject);
    });
    await publisher.subscribeAsync(`${root}/+/devices/+/telemetry/result`, { qos: 1 });
  });
  afterAll(async () => {
    await publisher.endAsync();
    await mqtt.stop();
    await t.close();
  });

  const send = (deviceId: string, body: unknown): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const topic = `${root}/${a.id}/devices/${deviceId}/telemetry`;
      const onMessage = (received: string, payload: Buffer) => {
        if (received !== `${topic}/result`) return;
        publisher.off('message', onMessage);
        resolve(JSON.parse(payload.toString()) as Record<string, unknown>);
      };
      publisher.on('message', onMessage);
      void publisher.publishAsync(topic, JSON.stringify(body), { qos: 1 });
    });

  it('accepts a reading without a token, and still refuses a wrong one', async () => {
    expect(t.config.mqttTrustBroker).toBe(true);
    const milk = await createSupply(t, a, { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [milk.id]);
    const reading = { id: 't1', supplyId: milk.id, level: 1.5, unit: 'L', at: t.clock.now().toISOString() };
    expect(await send(device.id, { readings: [reading] })).toMatchObject({ accepted: 1 });
    expect(await send(device.id, { readings: [{ ...reading, id: 't2', level: 1 }], token: a.token })).toEqual({ error: { code: 'UNAUTHORIZED' } });
    expect((await t.app.supplies.get(a.id, milk.id)).level).toBe(1.5);
  });
});
