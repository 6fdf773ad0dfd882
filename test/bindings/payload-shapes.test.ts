import type { MqttClient } from 'mqtt';
import type { MessageResult } from '@server/bindings/service';
import { BindingSubscriber } from '@server/bindings/subscriber';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { createDevice, createSupply, type TestHousehold } from '@test/supplies/fixtures';
import { BROKER, connectClient, createBinding, deviceReadings, uniqueLevel } from './support';

/**
 * Each payload shape exactly as the device firmware publishes it, through a binding, over the local
 * Mosquitto, into the store. Topic prefixes are unique per run (every one of these firmwares lets
 * the prefix be configured: zigbee2mqtt's base_topic, Tasmota's FullTopic, ESPHome's topic_prefix,
 * Shelly's topic prefix).
 */
describeEachStore('device bindings: real payload shapes through Mosquitto', (kind) => {
  let t: TestApp;
  let a: TestHousehold;
  let subscriber: BindingSubscriber;
  let publisher: MqttClient;
  const waiting = new Map<string, (results: MessageResult[]) => void>();
  const burstListeners = new Set<(topic: string, results: MessageResult[]) => void>();

  beforeAll(async () => {
    t = await buildTestApp({ store: kind, env: { MQTT_URL: BROKER } });
    a = await t.household('Alpha', 'en-US');
    subscriber = new BindingSubscriber(t.app.bindings, {
      url: BROKER,
      onResult: (topic, results) => {
        for (const listener of burstListeners) listener(topic, results);
        waiting.get(topic)?.(results);
        waiting.delete(topic);
      },
    });
    await subscriber.start();
    publisher = await connectClient();
  });
  afterAll(async () => {
    await publisher.endAsync();
    await subscriber.stop();
    await t.close();
  });

  /** Publishes as the device would and waits for what the bindings made of it. */
  async function publish(topic: string, payload: string, options: { retain?: boolean } = {}): Promise<MessageResult[]> {
    await subscriber.drain();
    const done = new Promise<MessageResult[]>((resolve) => waiting.set(topic, resolve));
    await publisher.publishAsync(topic, payload, { qos: 1, retain: options.retain ?? false });
    return done;
  }
  const outcomes = (results: MessageResult[]) => results.map((r) => ({ outcome: r.outcome, reason: r.reason }));
  /** Past the default one-reading-a-minute limit. */
  const later = () => t.clock.advance(2 * 60_000);

  it('zigbee2mqtt: a Tuya tank sensor’s liquid_depth in m feeds a depth in cm, and a depth-to-litres tank', async () => {
    const base = uniqueLevel('zigbee2mqtt');
    const depth = await createSupply(t, a, { name: 'Rain barrel', unit: 'cm', capacity: 200, policy: { mode: 'notify' } });
    const litres = await createSupply(t, a, { name: 'Water tank', unit: 'L', capacity: 1000, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Tank sensor');
    const topic = `${base}/garden_tank`;
    await createBinding(t, a, { deviceId: device.id, supplyId: depth.id, topic, pointer: '/liquid_depth', unit: 'm' });
    // 2 m deep, 1000 L: 500 L per metre of water.
    await createBinding(t, a, { deviceId: device.id, supplyId: litres.id, topic, pointer: '/liquid_depth', unit: 'L', scale: 500 });

    const full = JSON.stringify({ battery: 100, linkquality: 87, liquid_depth: 1.23, liquid_level_percent: 61, liquid_state: 'normal' });
    expect(outcomes(await publish(topic, full))).toEqual([{ outcome: 'stored' }, { outcome: 'stored' }]);
    expect((await deviceReadings(t, depth.id)).map((r) => r.level)).toEqual([123]);
    expect((await deviceReadings(t, litres.id)).map((r) => r.level)).toEqual([615]);

    // zigbee2mqtt republishes the whole state when any attribute changes; without the field, no reading (never zero).
    later();
    expect(outcomes(await publish(topic, JSON.stringify({ linkquality: 90 })))).toEqual([{ outcome: 'missingField' }, { outcome: 'missingField' }]);
    later();
    expect(outcomes(await publish(topic, JSON.stringify({ liquid_depth: null, linkquality: 91 })))).toEqual([{ outcome: 'missingField' }, { outcome: 'missingField' }]);
    expect((await deviceReadings(t, depth.id)).map((r) => r.level)).toEqual([123]);
    expect((await t.app.supplies.get(a.id, litres.id)).level).toBe(615);
  });

  it('Tasmota HX711: tele/<topic>/SENSOR weight in kg with a tare, numbers sent as strings too', async () => {
    const tasmotaTopic = uniqueLevel('kitchen_scale');
    const flour = await createSupply(t, a, { name: 'Flour', unit: 'g', capacity: 1000, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Kitchen scale');
    // The jar weighs 200 g: a tare of -0.2 kg.
    await createBinding(t, a, { deviceId: device.id, supplyId: flour.id, topic: `tele/${tasmotaTopic}/SENSOR`, pointer: '/HX711/Weight', unit: 'kg', offset: -0.2 });

    const sensor = (weight: unknown) => JSON.stringify({ Time: '2026-11-30T08:00:00', HX711: { Weight: weight, WeightRaw: weight, AbsRaw: 84219 } });
    expect(outcomes(await publish(`tele/${tasmotaTopic}/SENSOR`, sensor(0.735)))).toEqual([{ outcome: 'stored' }]);
    later();
    expect(outcomes(await publish(`tele/${tasmotaTopic}/SENSOR`, sensor('0.500')))).toEqual([{ outcome: 'stored' }]);
    // Its other telemetry (STATE, LWT) is on other topics, which the binding does not match.
    expect(await t.app.bindings.handleMessage(`tele/${tasmotaTopic}/STATE`, JSON.stringify({ Time: '2026-11-30T08:01:00', Uptime: '0T01:00:00', Heap: 26 }))).toEqual([]);
    later();
    expect(outcomes(await publish(`tele/${tasmotaTopic}/SENSOR`, JSON.stringify({ Time: '2026-11-30T08:04:00', HX711: { WeightRaw: 0.4 } })))).toEqual([{ outcome: 'missingField' }]);
    const readings = await deviceReadings(t, flour.id);
    expect(readings.map((r) => Math.round(r.level * 1000) / 1000)).toEqual([535, 300]);
    expect(readings.every((r) => r.device_id === device.id)).toBe(true);
  });

  it('ESPHome: <node>/sensor/<name>/state plain numbers, "nan", lb converted to kg, retained replays not stored', async () => {
    const node = uniqueLevel('pantry');
    const rice = await createSupply(t, a, { name: 'Rice', unit: 'kg', capacity: 5, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Pantry shelf');
    const topic = `${node}/sensor/rice_weight/state`;
    // A retained state from before the binding existed: a replay with no time of its own.
    await publisher.publishAsync(topic, '9.99', { qos: 1, retain: true });
    const replay = new Promise<MessageResult[]>((resolve) => waiting.set(topic, resolve));
    await createBinding(t, a, { deviceId: device.id, supplyId: rice.id, topic, pointer: '', unit: 'lb' });
    try {
      expect(outcomes(await replay)).toEqual([{ outcome: 'retained', reason: undefined }]);
      // ESPHome formats with the sensor's accuracy_decimals.
      expect(outcomes(await publish(topic, '4.40'))).toEqual([{ outcome: 'stored' }]);
      later();
      expect(outcomes(await publish(topic, 'nan'))).toEqual([{ outcome: 'notANumber' }]);
      later();
      expect(outcomes(await publish(topic, 'unavailable'))).toEqual([{ outcome: 'notANumber' }]);
      later();
      expect(outcomes(await publish(topic, '3.30', { retain: true }))).toEqual([{ outcome: 'stored' }]);
      const binding = (await t.app.bindings.list(a.id)).find((b) => b.supplyId === rice.id);
      expect(binding?.lastMessage).toMatchObject({ outcome: 'stored', value: 3.3, topic });
    } finally {
      await publisher.publishAsync(topic, '', { qos: 1, retain: true });
    }
    const levels = (await deviceReadings(t, rice.id)).map((r) => Math.round(r.level * 1e6) / 1e6);
    expect(levels).toEqual([1.995806, 1.496855]);
  });

  it('Shelly Gen2: NotifyStatus on <id>/events/rpc and status/<component> both read, other components are no reading', async () => {
    const shelly = uniqueLevel('shellyplus1-a8032ab1');
    const fuel = await createSupply(t, a, { name: 'Heating oil', unit: '%', capacity: 100, policy: { mode: 'notify' } });
    const pellets = await createSupply(t, a, { name: 'Pellets', unit: '%', capacity: 100, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Boiler room');
    await createBinding(t, a, { deviceId: device.id, supplyId: fuel.id, topic: `${shelly}/events/rpc`, pointer: '/params/input:100/percent', unit: '%' });
    await createBinding(t, a, { deviceId: device.id, supplyId: pellets.id, topic: `${shelly}/status/+`, pointer: '/percent', unit: '%' });

    const notify = (params: Record<string, unknown>) => JSON.stringify({ src: shelly, dst: `${shelly}/events`, method: 'NotifyStatus', params: { ts: 1764489600.52, ...params } });
    expect(outcomes(await publish(`${shelly}/events/rpc`, notify({ 'input:100': { id: 100, percent: 43.8 } })))).toEqual([{ outcome: 'stored' }]);
    later();
    // A status change of another component only: no reading.
    expect(outcomes(await publish(`${shelly}/events/rpc`, notify({ 'switch:0': { id: 0, output: true, apower: 12.3 } })))).toEqual([{ outcome: 'missingField' }]);
    expect(outcomes(await publish(`${shelly}/status/input:101`, JSON.stringify({ id: 101, percent: 72.5 })))).toEqual([{ outcome: 'stored' }]);
    expect((await deviceReadings(t, fuel.id)).map((r) => r.level)).toEqual([43.8]);
    expect((await deviceReadings(t, pellets.id)).map((r) => r.level)).toEqual([72.5]);
  });

  it('rate-limits and de-duplicates per binding: a sensor publishing every second does not flood the history', async () => {
    const node = uniqueLevel('fridge');
    const milk = await createSupply(t, a, { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const other = await createSupply(t, a, { name: 'Juice', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Fridge shelf');
    const topic = `${node}/sensor/milk/state`;
    const limited = await createBinding(t, a, { deviceId: device.id, supplyId: milk.id, topic, pointer: '', unit: 'ml', minIntervalSeconds: 30 });
    // A second binding on the same topic keeps its own limit.
    const unlimited = await createBinding(t, a, { deviceId: device.id, supplyId: other.id, topic, pointer: '', unit: 'ml', minIntervalSeconds: 0 });
    const outcomeOf = (results: MessageResult[], id: string) => results.find((r) => r.bindingId === id)?.outcome;

    const seen: MessageResult[][] = [];
    for (let i = 0; i < 10; i++) {
      seen.push(await publish(topic, String(1500 - i)));
      t.clock.advance(1000);
    }
    expect(seen.map((s) => outcomeOf(s, limited.id))).toEqual(['stored', ...Array(9).fill('rateLimited')]);
    expect(seen.map((s) => outcomeOf(s, unlimited.id))).toEqual(Array(10).fill('stored'));
    t.clock.advance(30_000);
    expect(outcomeOf(await publish(topic, '1490'), limited.id)).toBe('stored');
    // The same value again, past the interval but within the hour: a duplicate, not a new reading.
    t.clock.advance(31_000);
    expect(outcomeOf(await publish(topic, '1490'), limited.id)).toBe('duplicate');
    // An hour unchanged is worth one reading: the forecast learns that nothing was used.
    t.clock.advance(61 * 60_000);
    expect(outcomeOf(await publish(topic, '1490'), limited.id)).toBe('stored');
    expect((await deviceReadings(t, milk.id)).map((r) => r.level)).toEqual([1.5, 1.49, 1.49]);
  });

  it('a burst of 500 messages (a sensor gone chatty) is one reading, handled from memory', async () => {
    const node = uniqueLevel('chatty');
    const salt = await createSupply(t, a, { name: 'Salt', unit: 'g', capacity: 1000, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Salt scale');
    const topic = `${node}/sensor/salt/state`;
    await createBinding(t, a, { deviceId: device.id, supplyId: salt.id, topic, pointer: '', unit: 'g' });
    const outcomes: string[] = [];
    const last = new Promise<void>((resolve) => {
      const onResult = (received: string, results: MessageResult[]) => {
        if (received !== topic) return;
        outcomes.push(results[0].outcome);
        if (outcomes.length === 500) resolve();
      };
      burstListeners.add(onResult);
    });
    await subscriber.drain();
    const started = performance.now();
    for (let i = 0; i < 500; i++) void publisher.publishAsync(topic, String(900 - (i % 7)), { qos: 1 });
    await Promise.race([last, new Promise((r) => setTimeout(r, 20_000))]);
    expect(outcomes.length).toBe(500);
    const ms = performance.now() - started;
    burstListeners.clear();
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'rateLimited')).toHaveLength(499);
    expect((await deviceReadings(t, salt.id)).length).toBe(1);
    console.log(`[${kind}] 500 binding messages handled in ${Math.round(ms)} ms (${Math.round((500 / ms) * 1000)}/s), 1 reading stored`);
  });

  it('the binding’s device needs the household’s consent for telemetry, like any other', async () => {
    const node = uniqueLevel('cellar');
    const water = await createSupply(t, a, { name: 'Sparkling water', unit: 'L', capacity: 12, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Cellar scale');
    const topic = `${node}/sensor/water/state`;
    await createBinding(t, a, { deviceId: device.id, supplyId: water.id, topic, pointer: '', unit: 'L' });
    await t.app.consents.set(a.id, { telemetry: false });
    try {
      expect(outcomes(await publish(topic, '9.5'))).toEqual([{ outcome: 'refused', reason: 'CONSENT_REQUIRED' }]);
      expect(await deviceReadings(t, water.id)).toEqual([]);
    } finally {
      await t.app.consents.set(a.id, { telemetry: true });
    }
    later();
    expect(outcomes(await publish(topic, '9.5'))).toEqual([{ outcome: 'stored' }]);
    // The ingestion's own checks apply too: far above capacity is refused and changes nothing.
    later();
    expect(outcomes(await publish(topic, '40'))).toEqual([{ outcome: 'rejected', reason: 'aboveCapacity' }]);
    expect((await t.app.supplies.get(a.id, water.id)).level).toBe(9.5);
  });

  it('follows bindings as they come and go: a deleted binding (or supply) reads nothing more', async () => {
    const node = uniqueLevel('bathroom');
    const soap = await createSupply(t, a, { name: 'Soap', unit: 'ml', capacity: 500, policy: { mode: 'notify' } });
    const device = await createDevice(t, a, [], 'Soap dispenser');
    const topic = `${node}/sensor/soap/state`;
    const binding = await createBinding(t, a, { deviceId: device.id, supplyId: soap.id, topic, pointer: '', unit: 'ml' });
    expect(outcomes(await publish(topic, '420'))).toEqual([{ outcome: 'stored' }]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/bindings/${binding.id}`, headers: a.auth })).statusCode).toBe(204);
    later();
    // The subscriber has left the topic: the broker delivers nothing, so handle it directly.
    await subscriber.drain();
    expect(await t.app.bindings.handleMessage(topic, '400')).toEqual([]);
    expect((await deviceReadings(t, soap.id)).map((r) => r.level)).toEqual([420]);
  });
});
