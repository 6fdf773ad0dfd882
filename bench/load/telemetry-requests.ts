import type autocannon from 'autocannon';
import type { HttpLoad } from './http-load';

/**
 * autocannon's setupRequest for device readings: each request from the next device of the fleet,
 * every reading id new, a tank draining 0.1 L per reading and refilled at 10 L.
 */
export function telemetryRequests(telemetry: NonNullable<HttpLoad['telemetry']>): (req: autocannon.Request) => autocannon.Request {
  let seq = 0;
  return (req) => {
    const device = telemetry.fleet[seq % telemetry.fleet.length];
    const at = new Date().toISOString();
    const readings = Array.from({ length: telemetry.batch }, () => {
      const n = seq++;
      return { id: `${telemetry.idPrefix}-${n}`, supplyId: device.supplyId, level: 100 - ((n / 10) % 90), unit: 'L', at };
    });
    return {
      ...req,
      path: `/api/v1/devices/${device.id}/telemetry`,
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ readings }),
    };
  };
}
