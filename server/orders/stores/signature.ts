import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 over `<timestamp>.<raw body>` with the shared secret. The timestamp is signed too,
 * so a captured request cannot be replayed outside the tolerance window with a fresh timestamp.
 */
export const SIGNATURE_HEADER = 'x-miroir-signature';
export const TIMESTAMP_HEADER = 'x-miroir-timestamp';
export const TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`;
}

export function signedHeaders(secret: string, nowMs: number, rawBody: string): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(secret, timestamp, rawBody) };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function verify(secret: string, nowMs: number, rawBody: string, headers: Record<string, string | string[] | undefined>): boolean {
  const timestamp = Number(header(headers, TIMESTAMP_HEADER));
  const signature = header(headers, SIGNATURE_HEADER);
  if (!Number.isInteger(timestamp) || !signature) return false;
  if (Math.abs(nowMs / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(sign(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
