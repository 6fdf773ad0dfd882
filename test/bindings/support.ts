import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import type { TestApp } from '@test/helpers/build-app';
import type { TestHousehold } from '@test/supplies/fixtures';

export const BROKER = process.env.MIROIR_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** A topic level of its own per test file, so parallel runs on the same broker never see each other. */
export const uniqueLevel = (name: string): string => `${name}-${randomBytes(4).toString('hex')}`;

export async function connectClient(): Promise<MqttClient> {
  const client = connect(BROKER, { reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export async function createBinding(t: TestApp, h: TestHousehold, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/bindings', headers: h.auth, payload: body });
  if (res.statusCode !== 201) throw new Error(`binding not created: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string };
}

/** Device readings stored for a supply, oldest first. */
export async function deviceReadings(t: TestApp, supplyId: string): Promise<{ level: number; at: string; device_id: string | null }[]> {
  return t.app.store.db.selectFrom('readings').select(['level', 'at', 'device_id']).where('supply_id', '=', supplyId).where('source', '=', 'device').orderBy('at').execute();
}
