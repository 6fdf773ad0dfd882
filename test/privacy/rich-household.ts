import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestApp } from '@test/helpers/build-app';

/** A 1×1 PNG: the smallest real image the photo route accepts. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface RichHousehold {
  id: string;
  name: string;
  token: string;
  auth: { authorization: string };
  profileId: string;
  deviceId: string | null;
  deviceToken: string | null;
  /** Every id the API handed back while filling the household. */
  ids: string[];
  /** `METHOD path → status` for every step, for the report and for debugging a missing capability. */
  steps: string[];
}

function multipartPng(): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----miroir-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, PNG_1PX, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//miroir//test//EN',
  'BEGIN:VEVENT',
  'UID:interview-1@test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261130T090000Z',
  'DTEND:20261130T100000Z',
  'SUMMARY:Job interview',
  'LOCATION:Office',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

/**
 * Fills a household through the public HTTP API of every capability that exists: profiles,
 * consents, a calendar, garments with a photo and wear, supplies, a device and its telemetry, an
 * order, outfit feedback. A capability whose route is not there yet (404 ROUTE_NOT_FOUND) is
 * skipped and noted; any other failure throws, so a broken create is not mistaken for an empty one.
 */
export async function richHousehold(t: TestApp, name: string): Promise<RichHousehold> {
  const base = await t.household(name, 'en-US');
  const app: FastifyInstance = t.app;
  const ids: string[] = [base.profileId];
  const steps: string[] = [];
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse | null> => {
    const res = await app.inject({
      method,
      url,
      headers: { ...base.auth, ...headers },
      ...(payload instanceof Buffer ? { payload } : payload !== undefined ? { payload: payload as object } : {}),
    });
    steps.push(`${method} ${url} → ${res.statusCode}`);
    if (res.statusCode === 404 && res.json<{ error: { code: string } }>().error.code === 'ROUTE_NOT_FOUND') return null;
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    const body = res.body ? (res.json() as { id?: unknown }) : {};
    if (typeof body.id === 'string') ids.push(body.id);
    return res;
  };

  await call('PUT', '/api/v1/privacy/consents', { calendars: true, location: true, telemetry: true, voice_personalisation: true, feedback_learning: true });
  await call('POST', '/api/v1/profiles', { name: `${name} Junior` });
  await call('POST', '/api/v1/pairing/code');
  await call('POST', '/api/v1/calendars', { name: `${name} agenda`, ics: ICS });

  const garments: string[] = [];
  for (const g of [
    { name: `${name} trench`, kind: 'raincoat' },
    { name: `${name} shirt`, kind: 'shirt' },
    { name: `${name} jeans`, kind: 'jeans' },
    { name: `${name} boots`, kind: 'boots' },
  ]) {
    const res = await call('POST', '/api/v1/wardrobe/items', g);
    if (res) garments.push(res.json<{ id: string }>().id);
  }
  if (garments.length > 0) {
    const { payload, headers } = multipartPng();
    await call('PUT', `/api/v1/wardrobe/items/${garments[0]}/photo`, payload, headers);
    await call('POST', '/api/v1/wardrobe/worn', { garmentIds: garments.slice(1, 3) });
    await call('POST', '/api/v1/outfits/feedback', { garmentIds: garments.slice(0, 2), rating: 'too_warm' });
  }

  let deviceId: string | null = null;
  let deviceToken: string | null = null;
  const supply = await call('POST', '/api/v1/supplies', {
    name: `${name} milk`,
    unit: 'L',
    capacity: 2,
    level: 1.5,
    reorderPoint: 0.5,
    sku: 'milk-1l',
    policy: { mode: 'ask' },
  });
  if (supply) {
    const supplyId = supply.json<{ id: string }>().id;
    const device = await call('POST', '/api/v1/devices', { name: `${name} fridge`, kind: 'fridge', supplyIds: [supplyId] });
    if (device) {
      ({ id: deviceId, token: deviceToken } = device.json<{ id: string; token: string }>());
      const now = t.clock.now().getTime();
      const readings = [0, 1, 2].map((i) => ({ id: `${name}-r${i}`, supplyId, level: 1.4 - i * 0.1, unit: 'L', at: new Date(now - (3 - i) * 3_600_000).toISOString() }));
      const res = await app.inject({ method: 'POST', url: `/api/v1/devices/${deviceId}/telemetry`, headers: { authorization: `Bearer ${deviceToken}` }, payload: { readings } });
      steps.push(`POST /api/v1/devices/:id/telemetry → ${res.statusCode}`);
      if (res.statusCode !== 200) throw new Error(`telemetry answered ${res.statusCode}: ${res.body}`);
    }
    await call('POST', '/api/v1/orders', { supplyId, quantity: 1 }, { 'idempotency-key': `${name.replace(/\W+/g, '-')}-order-1` });
  }
  return { id: base.id, name, token: base.token, auth: base.auth, profileId: base.profileId, deviceId, deviceToken, ids, steps };
}
