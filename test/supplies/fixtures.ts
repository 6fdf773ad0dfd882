import type { TestApp } from '@test/helpers/build-app';
import type { Supply } from '@server/supplies/types';

export type TestHousehold = Awaited<ReturnType<TestApp['household']>>;

export async function createSupply(t: TestApp, h: TestHousehold, body: Record<string, unknown>): Promise<Supply> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: body });
  if (res.statusCode !== 201) throw new Error(`supply not created: ${res.statusCode} ${res.body}`);
  return res.json() as Supply;
}

export async function createDevice(t: TestApp, h: TestHousehold, supplyIds: string[], name = 'Fridge'): Promise<{ id: string; token: string; auth: { authorization: string } }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.auth, payload: { name, kind: 'fridge', supplyIds } });
  if (res.statusCode !== 201) throw new Error(`device not created: ${res.statusCode} ${res.body}`);
  const { id, token } = res.json() as { id: string; token: string };
  return { id, token, auth: { authorization: `Bearer ${token}` } };
}

export function postTelemetry(t: TestApp, device: { id: string; auth: { authorization: string } }, readings: unknown[]) {
  return t.app.inject({ method: 'POST', url: `/api/v1/devices/${device.id}/telemetry`, headers: device.auth, payload: { readings } });
}

/** A steady use from `level` over `days`, one reading every `everyHours`, ending at the clock's now. */
export function history(supplyId: string, now: Date, options: { from: number; perDay: number; days: number; everyHours?: number; unit?: string; prefix?: string }) {
  const every = options.everyHours ?? 6;
  const count = Math.floor((options.days * 24) / every);
  return Array.from({ length: count + 1 }, (_, i) => {
    const hoursAgo = (count - i) * every;
    return {
      id: `${options.prefix ?? 'h'}-${supplyId.slice(0, 8)}-${i}`,
      supplyId,
      level: Math.max(0, Math.round((options.from - (options.perDay * i * every) / 24) * 1000) / 1000),
      unit: options.unit ?? 'L',
      at: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString(),
    };
  });
}
