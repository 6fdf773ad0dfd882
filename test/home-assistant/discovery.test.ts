import type { MqttClient } from 'mqtt';
import { HomeAssistantBridge } from '@server/home-assistant/bridge';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { BROKER, connectClient, uniqueLevel } from '@test/bindings/support';
import { createDevice, createSupply, type TestHousehold } from '@test/supplies/fixtures';
import { discoveryProblems, parseDiscoveryTopic, renderTemplate, sensorState } from './ha-rules';

type Config = Record<string, unknown> & { state_topic?: string; command_topic?: string; value_template?: string; unique_id: string; availability: { topic: string; value_template?: string }[] };

describeEachStore('Home Assistant MQTT discovery on the local Mosquitto', (kind) => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  let bridge: HomeAssistantBridge;
  let ha: MqttClient;
  const prefix = uniqueLevel('homeassistant');
  const root = uniqueLevel('miroir');
  /** What a subscriber (Home Assistant) holds per topic: the last payload seen. */
  const seen = new Map<string, string>();
  const history: { topic: string; payload: string }[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ store: kind, env: { MQTT_URL: BROKER } });
    a = await t.household('Maison Alpha', 'fr-FR');
    b = await t.household('Beta home', 'en-US');
    ha = await connectClient();
    ha.on('message', (topic, payload) => {
      seen.set(topic, payload.toString());
      history.push({ topic, payload: payload.toString() });
    });
    await ha.subscribeAsync([`${prefix}/#`, `${root}/#`], { qos: 1 });
    const { app } = t;
    bridge = new HomeAssistantBridge(
      { store: app.store, clock: app.clock, events: app.events, households: app.households, supplies: app.supplies, orders: app.orders, settings: app.homeAssistant },
      { url: BROKER, prefix, root, swVersion: '0.1.0' },
    );
    await bridge.start();
  });
  afterAll(async () => {
    await bridge.stop();
    // Leave nothing retained on the shared broker.
    for (const [topic, payload] of seen) if (payload !== '') await ha.publishAsync(topic, '', { retain: true, qos: 1 });
    await ha.endAsync();
    await t.close();
  });

  /** Waits until the broker has delivered what the bridge published so far. */
  async function settle(): Promise<void> {
    await bridge.drain();
    const marker = `${root}/test/marker`;
    const token = String(Math.random());
    await ha.publishAsync(marker, token, { qos: 1 });
    for (let i = 0; i < 200 && seen.get(marker) !== token; i++) await new Promise((r) => setTimeout(r, 10));
    seen.delete(marker);
  }
  const configs = (householdId: string) =>
    [...seen].filter(([topic, payload]) => payload !== '' && topic.startsWith(`${prefix}/`) && topic.includes(`/miroir_${householdId}/`)).map(([topic, payload]) => ({ topic, config: JSON.parse(payload) as Config }));
  const put = (h: TestHousehold, enabled: boolean) => t.app.inject({ method: 'PUT', url: '/api/v1/home-assistant', headers: h.auth, payload: { enabled } });

  it('is off by default, and publishes nothing for a household that did not opt in', async () => {
    await createSupply(t, b, { name: 'Milk', unit: 'L', capacity: 2 });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/home-assistant', headers: b.auth });
    expect(res.json()).toEqual({ enabled: false, source: 'server', prefix: 'homeassistant', mqtt: true });
    await settle();
    expect(configs(b.id)).toEqual([]);
    expect(seen.get(`${root}/ha/availability`)).toBe('online');
  });

  it('publishes one HA device per Miroir device or supply group, with configs Home Assistant accepts', async () => {
    const tank = await createSupply(t, a, { name: 'Cuve', unit: 'L', capacity: 1000, level: 640, policy: { mode: 'notify' } });
    const flour = await createSupply(t, a, { name: 'Farine', unit: 'g', capacity: 1000, level: 700, policy: { mode: 'notify' } });
    const ink = await createSupply(t, a, { name: 'Encre', unit: '%', capacity: 100, level: 55, policy: { mode: 'notify' } });
    const syrup = await createSupply(t, a, { name: 'Sirop', unit: 'cl', capacity: 75, level: 50, policy: { mode: 'notify' } });
    await createDevice(t, a, [tank.id], 'Cuve du jardin');
    const put1 = await put(a, true);
    expect(put1.json()).toEqual({ enabled: true, source: 'household', prefix: 'homeassistant', mqtt: true });
    await settle();

    const published = configs(a.id);
    expect(published).toHaveLength(4 * 4);
    for (const { topic } of published) expect(discoveryProblems(prefix, topic, seen.get(topic)!)).toEqual([]);
    expect(new Set(published.map((p) => p.config.unique_id)).size).toBe(published.length);

    const level = (supplyId: string) => published.find((p) => p.config.unique_id === `miroir_${supplyId}_level`)!.config;
    expect(level(tank.id)).toMatchObject({ device_class: 'volume_storage', unit_of_measurement: 'L', state_class: 'measurement', name: 'Cuve : niveau' });
    expect(level(flour.id)).toMatchObject({ device_class: 'weight', unit_of_measurement: 'g', state_class: 'measurement' });
    expect(level(syrup.id)).toMatchObject({ device_class: 'volume_storage', unit_of_measurement: 'mL' });
    expect(level(ink.id)).toMatchObject({ unit_of_measurement: '%', state_class: 'measurement' });
    expect(level(ink.id).device_class).toBeUndefined();
    // The tank's own device; the others grouped under the household's supplies.
    expect((level(tank.id).device as { name: string }).name).toBe('Cuve du jardin');
    expect((level(flour.id).device as { name: string; identifiers: string[] }).identifiers).toEqual([`miroir_supplies_${a.id}`]);
    expect((level(flour.id).device as { name: string }).name).toBe('Réserves de Maison Alpha');

    // Each entity's state as HA would read it from the retained state topic.
    for (const { topic, config } of published) {
      const component = parseDiscoveryTopic(prefix, topic)!.component;
      if (component === 'button') continue;
      const state = seen.get(config.state_topic!);
      expect({ topic, state: state !== undefined }).toEqual({ topic, state: true });
      const rendered = renderTemplate(config.value_template!, state!);
      if (component === 'binary_sensor') expect(rendered).toBe('OFF');
      else expect(sensorState(rendered, true)).not.toBe('invalid');
    }
    const read = (supplyId: string) => sensorState(renderTemplate(level(supplyId).value_template!, seen.get(level(supplyId).state_topic!)!), true);
    expect(read(tank.id)).toBe(640);
    expect(read(syrup.id)).toBe(500);
    const daysLeft = published.find((p) => p.config.unique_id === `miroir_${tank.id}_days_left`)!.config;
    expect(daysLeft).toMatchObject({ device_class: 'duration', unit_of_measurement: 'd' });
    expect(sensorState(renderTemplate(daysLeft.value_template!, seen.get(daysLeft.state_topic!)!), true)).toBe('unknown');
    // Nothing of the other household.
    expect(configs(b.id)).toEqual([]);
  });

  it('follows changes: a new level, a waiting proposal, and its approve button through the orders service', async () => {
    const milk = await createSupply(t, a, { name: 'Lait', unit: 'L', capacity: 2, level: 1.8, sku: 'milk-1l', policy: { mode: 'ask' } });
    await settle();
    const stateTopic = `${root}/${a.id}/ha/supplies/${milk.id}/state`;
    expect(JSON.parse(seen.get(stateTopic)!)).toEqual({ level: 1.8, days_left: null, proposal: 'OFF' });
    const button = configs(a.id).find((p) => p.config.unique_id === `miroir_${milk.id}_approve`)!.config;
    // Not pressable while nothing waits.
    expect(renderTemplate(button.availability[1].value_template!, seen.get(stateTopic)!)).toBe('offline');

    await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${milk.id}`, headers: a.auth, payload: { level: 0.2 } });
    await settle();
    const [proposal] = await t.app.orders.listProposals(a.id);
    expect(proposal).toMatchObject({ supplyId: milk.id, status: 'proposed' });
    expect(JSON.parse(seen.get(stateTopic)!)).toMatchObject({ level: 0.2, proposal: 'ON' });
    expect(renderTemplate(button.availability[1].value_template!, seen.get(stateTopic)!)).toBe('online');

    // A press from Home Assistant, on the command topic of the button's config.
    await ha.publishAsync(button.command_topic!, 'PRESS', { qos: 1 });
    for (let i = 0; i < 200 && (await t.app.orders.listProposals(a.id)).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    const order = await t.app.orders.get(a.id, proposal.id);
    expect(order.status).toBe('scheduled');
    expect((await t.app.orders.history(a.id, proposal.id)).some((e) => e.channel === 'home_assistant' && e.actor === 'person')).toBe(true);
    for (let i = 0; i < 200 && !seen.get(stateTopic)!.includes('"OFF"'); i++) await settle();
    expect(JSON.parse(seen.get(stateTopic)!)).toMatchObject({ proposal: 'OFF' });
    // Pressed again: nothing waits, nothing happens; another payload is ignored.
    await ha.publishAsync(button.command_topic!, 'PRESS', { qos: 1 });
    await ha.publishAsync(button.command_topic!, 'nonsense', { qos: 1 });
    await settle();
    expect((await t.app.orders.list(a.id)).filter((o) => o.supplyId === milk.id)).toHaveLength(1);
  });

  it('with several instances sharing the approve subscription, a press reaches one of them and is approved once', async () => {
    const { app } = t;
    const group = uniqueLevel('ha-share');
    const twins = [0, 1].map(
      () =>
        new HomeAssistantBridge(
          { store: app.store, clock: app.clock, events: app.events, households: app.households, supplies: app.supplies, orders: app.orders, settings: app.homeAssistant },
          { url: BROKER, prefix, root, swVersion: '0.1.0', shareGroup: group },
        ),
    );
    // The test's own bridge is not in the group: it leaves this household alone for the test.
    await bridge.stop();
    try {
      await Promise.all(twins.map((twin) => twin.start()));
      const oat = await createSupply(t, a, { name: 'Avoine', unit: 'L', capacity: 2, level: 1.8, sku: 'milk-1l', policy: { mode: 'ask' } });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${oat.id}`, headers: a.auth, payload: { level: 0.2 } });
      await Promise.all(twins.map((twin) => twin.drain()));
      const [proposal] = (await app.orders.listProposals(a.id)).filter((o) => o.supplyId === oat.id);
      expect(proposal).toBeDefined();
      await ha.publishAsync(`${root}/${a.id}/ha/supplies/${oat.id}/approve`, 'PRESS', { qos: 1 });
      for (let i = 0; i < 200 && twins[0].presses + twins[1].presses === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 200));
      await Promise.all(twins.map((twin) => twin.drain()));
      expect(twins[0].presses + twins[1].presses).toBe(1);
      expect((await app.orders.get(a.id, proposal.id)).status).toBe('scheduled');
    } finally {
      await Promise.all(twins.map((twin) => twin.stop()));
      await bridge.start();
    }
  });

  it("republishes every config on Home Assistant's birth message", async () => {
    await settle();
    const before = history.length;
    await ha.publishAsync(`${prefix}/status`, 'online', { qos: 1 });
    const expected = configs(a.id).map((c) => c.topic).sort();
    const republished = () => [...new Set(history.slice(before).map((h) => h.topic).filter((topic) => topic.startsWith(`${prefix}/`) && topic.endsWith('/config')))].sort();
    for (let i = 0; i < 300 && republished().length < expected.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(republished()).toEqual(expected);
  });

  it('a burst of changes (one event per reading) is one sync of the household, which still ends on the last level', async () => {
    const oil = await createSupply(t, a, { name: 'Huile', unit: 'L', capacity: 1, level: 0.9, policy: { mode: 'notify' } });
    await settle();
    const reads = jest.spyOn(t.app.supplies, 'list');
    try {
      for (let i = 0; i < 20; i++) bridge.schedule(a.id);
      await t.app.inject({ method: 'PATCH', url: `/api/v1/supplies/${oil.id}`, headers: a.auth, payload: { level: 0.5 } });
      await settle();
      expect(reads.mock.calls.filter(([householdId]) => householdId === a.id).length).toBeLessThanOrEqual(2);
      expect(JSON.parse(seen.get(`${root}/${a.id}/ha/supplies/${oil.id}/state`)!)).toMatchObject({ level: 0.5 });
    } finally {
      reads.mockRestore();
    }
  });

  it('clears a deleted supply with empty retained configs, and everything when switched off', async () => {
    const soap = await createSupply(t, a, { name: 'Savon', unit: 'ml', capacity: 500, policy: { mode: 'notify' } });
    await settle();
    const mine = () => configs(a.id).filter((c) => c.config.unique_id.startsWith(`miroir_${soap.id}_`)).map((c) => c.topic);
    const topics = mine();
    expect(topics).toHaveLength(4);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/supplies/${soap.id}`, headers: a.auth })).statusCode).toBe(204);
    await settle();
    for (const topic of topics) expect(seen.get(topic)).toBe('');
    expect(seen.get(`${root}/${a.id}/ha/supplies/${soap.id}/state`)).toBe('');
    expect(await t.app.store.db.selectFrom('home_assistant_topics').select('topic').where('supply_id', '=', soap.id).execute()).toEqual([]);

    expect((await put(a, false)).json()).toMatchObject({ enabled: false, source: 'household' });
    await settle();
    expect(configs(a.id)).toEqual([]);
    expect(await t.app.store.db.selectFrom('home_assistant_topics').select('topic').where('household_id', '=', a.id).execute()).toEqual([]);
  });

  it('goes unavailable through its last will when Miroir dies, and online again when it is back', async () => {
    expect(seen.get(`${root}/ha/availability`)).toBe('online');
    // A crash as the broker sees it: the connection drops without a DISCONNECT.
    (bridge as unknown as { client: MqttClient }).client.stream.destroy();
    for (let i = 0; i < 300 && seen.get(`${root}/ha/availability`) !== 'offline'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.get(`${root}/ha/availability`)).toBe('offline');
    for (let i = 0; i < 600 && seen.get(`${root}/ha/availability`) !== 'online'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.get(`${root}/ha/availability`)).toBe('online');
  });

  it('validates its input like every route', async () => {
    for (const payload of [{}, { enabled: 'yes' }, { enabled: true, extra: 1 }]) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/v1/home-assistant', headers: a.auth, payload });
      expect(res.statusCode).toBe(400);
    }
  });
});
