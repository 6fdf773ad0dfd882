import type { MqttClient } from 'mqtt';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { BROKER, connectClient, createBinding, deviceReadings, uniqueLevel } from '@test/bindings/support';
import { createDevice, createSupply, type TestHousehold } from '@test/supplies/fixtures';

/** The switches as an operator uses them: MQTT_URL, MIROIR_HA_DISCOVERY and its prefix, with the background work on. */
describe('integrations switched on by configuration', () => {
  let t: TestApp;
  let h: TestHousehold;
  let observer: MqttClient;
  const prefix = uniqueLevel('ha');
  const seen = new Map<string, string>();

  beforeAll(async () => {
    t = await buildTestApp({ env: { MQTT_URL: BROKER, MIROIR_BACKGROUND_JOBS: 'true', MIROIR_HA_DISCOVERY: 'true', MIROIR_HA_DISCOVERY_PREFIX: prefix } });
    h = await t.household('Gamma', 'en-US');
    observer = await connectClient();
    observer.on('message', (topic, payload) => seen.set(topic, payload.toString()));
    await observer.subscribeAsync([`${prefix}/#`, `miroir/${h.id}/ha/#`, 'miroir/ha/availability'], { qos: 1 });
  });
  afterAll(async () => {
    await t.close();
    // Leave nothing retained on the shared broker (the clean stop has just said `offline`).
    await new Promise((r) => setTimeout(r, 100));
    for (const [topic, payload] of seen) if (payload !== '') await observer.publishAsync(topic, '', { retain: true, qos: 1 });
    await observer.endAsync();
  });

  const until = async (what: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 500; i++) {
      if (await what()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('timed out');
  };

  it('MIROIR_HA_DISCOVERY=true publishes every household that did not say otherwise, under the configured prefix', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/home-assistant', headers: h.auth });
    expect(res.json()).toEqual({ enabled: true, source: 'server', prefix, mqtt: true });
    const milk = await createSupply(t, h, { name: 'Milk', unit: 'L', capacity: 2, policy: { mode: 'notify' } });
    const topic = `${prefix}/sensor/miroir_${h.id}/${milk.id}_level/config`;
    await until(() => (seen.get(topic) ?? '') !== '');
    expect(JSON.parse(seen.get(topic)!)).toMatchObject({ device_class: 'volume_storage', unit_of_measurement: 'L', name: 'Milk level' });
    // The household's own "no" wins over the server's default.
    await t.app.inject({ method: 'PUT', url: '/api/v1/home-assistant', headers: h.auth, payload: { enabled: false } });
    await until(() => seen.get(topic) === '');
  });

  it('clears what Home Assistant shows of a household that erases itself', async () => {
    const gone = await t.household('Delta', 'en-US');
    await observer.subscribeAsync(`miroir/${gone.id}/ha/#`, { qos: 1 });
    const tea = await createSupply(t, gone, { name: 'Tea', unit: 'g', capacity: 500, policy: { mode: 'notify' } });
    const topic = `${prefix}/sensor/miroir_${gone.id}/${tea.id}_level/config`;
    await until(() => (seen.get(topic) ?? '') !== '');
    expect(topic).toContain(gone.id);
    const { confirmation } = (await t.app.inject({ method: 'POST', url: '/api/v1/household/erase-confirmation', headers: gone.auth })).json<{ confirmation: string }>();
    const erased = await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: gone.auth, payload: { confirmation } });
    expect(erased.statusCode).toBe(200);
    // Erased while its configs may still be going out: every one that went out is cleared.
    await until(() => [...seen].some(([k, v]) => k.includes(gone.id) && v === ''));
    await until(() => [...seen].every(([k, v]) => !k.includes(gone.id) || v === ''));
    expect(await t.app.store.db.selectFrom('home_assistant_topics').select('topic').where('household_id', '=', gone.id).execute()).toEqual([]);
  });

  it('MQTT_URL starts the bindings subscriber: a binding made through the API reads its topic', async () => {
    const node = uniqueLevel('esphome');
    const rice = await createSupply(t, h, { name: 'Rice', unit: 'kg', capacity: 5, policy: { mode: 'notify' } });
    const device = await createDevice(t, h, [], 'Pantry');
    await createBinding(t, h, { deviceId: device.id, supplyId: rice.id, topic: `${node}/sensor/rice/state`, pointer: '', unit: 'kg' });
    // The subscription follows the new binding; publish until it is in place.
    await until(async () => {
      await observer.publishAsync(`${node}/sensor/rice/state`, '3.25', { qos: 1 });
      return (await deviceReadings(t, rice.id)).length > 0;
    });
    expect((await deviceReadings(t, rice.id)).map((r) => r.level)).toEqual([3.25]);
  });
});
