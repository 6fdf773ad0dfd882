import type { MqttClient } from 'mqtt';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import type { TestHousehold } from '@test/supplies/fixtures';
import { BROKER, connectClient, uniqueLevel } from './support';

interface SessionView {
  id: string;
  topic: string;
  expiresAt: string;
  messages: { topic: string; retained: boolean; payload: string; fields: { pointer: string; value: number }[] }[];
}

describe('the "listen" helper: the last messages on a topic, to pick the field', () => {
  let t: TestApp;
  let a: TestHousehold;
  let b: TestHousehold;
  let device: MqttClient;
  const base = uniqueLevel('zigbee2mqtt');

  beforeAll(async () => {
    t = await buildTestApp({ env: { MQTT_URL: BROKER } });
    a = await t.household('A');
    b = await t.household('B');
    device = await connectClient();
  });
  afterAll(async () => {
    await device.publishAsync(`${base}/tank`, '', { qos: 1, retain: true });
    await device.endAsync();
    await t.close();
  });

  const session = async (h: TestHousehold, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/bindings/listen/${id}`, headers: h.auth });
  async function until(h: TestHousehold, id: string, count: number): Promise<SessionView> {
    for (let i = 0; i < 100; i++) {
      const view = (await session(h, id)).json() as SessionView;
      if (view.messages.length >= count) return view;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`fewer than ${count} messages seen`);
  }

  it('shows retained and live messages, newest first, with every numeric field and its pointer', async () => {
    await device.publishAsync(`${base}/tank`, JSON.stringify({ liquid_depth: 1.2, battery: 90, liquid_state: 'normal' }), { qos: 1, retain: true });
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/bindings/listen', headers: a.auth, payload: { topic: `${base}/+` } });
    expect(started.statusCode).toBe(201);
    const { id, expiresAt } = started.json() as SessionView;
    expect(expiresAt).toBe(new Date(t.clock.now().getTime() + 120_000).toISOString());
    await until(a, id, 1);
    await device.publishAsync(`${base}/scale`, JSON.stringify({ weight: '512.3', linkquality: 80 }), { qos: 1 });
    await device.publishAsync(`${base}/other/deeper`, '7', { qos: 1 });
    const view = await until(a, id, 2);
    expect(view.messages).toEqual([
      { topic: `${base}/scale`, receivedAt: t.clock.now().toISOString(), retained: false, payload: '{"weight":"512.3","linkquality":80}', fields: [{ pointer: '/weight', value: 512.3 }, { pointer: '/linkquality', value: 80 }] },
      { topic: `${base}/tank`, receivedAt: t.clock.now().toISOString(), retained: true, payload: expect.stringContaining('liquid_depth'), fields: [{ pointer: '/liquid_depth', value: 1.2 }, { pointer: '/battery', value: 90 }] },
    ]);
    // Another household sees nothing of it.
    expect((await session(b, id)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/bindings/listen/${id}`, headers: b.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/bindings/listen/${id}`, headers: a.auth })).statusCode).toBe(204);
    expect((await session(a, id)).statusCode).toBe(404);
  });

  it("refuses Miroir's own topics, a whole-broker wildcard, and more than two sessions at once", async () => {
    for (const topic of ['#', '+/status', 'miroir/#', '$SYS/#']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/bindings/listen', headers: a.auth, payload: { topic } });
      expect({ topic, status: res.statusCode, code: (res.json() as { error: { code: string } }).error.code }).toEqual({ topic, status: 400, code: 'BAD_TOPIC' });
    }
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/bindings/listen', headers: a.auth, payload: { topic: `${base}/x${i}` } });
      expect(res.statusCode).toBe(201);
      ids.push((res.json() as SessionView).id);
    }
    const third = await t.app.inject({ method: 'POST', url: '/api/v1/bindings/listen', headers: a.auth, payload: { topic: `${base}/x3` } });
    expect(third.statusCode).toBe(409);
    for (const id of ids) await t.app.inject({ method: 'DELETE', url: `/api/v1/bindings/listen/${id}`, headers: a.auth });
  });

  it('says so when MQTT is not configured', async () => {
    const bare = await buildTestApp();
    try {
      const h = await bare.household('C');
      const res = await bare.app.inject({ method: 'POST', url: '/api/v1/bindings/listen', headers: h.auth, payload: { topic: 'zigbee2mqtt/+' } });
      expect(res.statusCode).toBe(409);
      expect((res.json() as { error: { code: string } }).error.code).toBe('MQTT_OFF');
    } finally {
      await bare.close();
    }
  });
});
