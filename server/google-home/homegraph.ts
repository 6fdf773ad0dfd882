import { createSign, randomUUID } from 'node:crypto';
import fs from 'node:fs';

/** The fields of a Google service account key file this client uses. */
export interface ServiceAccount {
  client_email: string;
  private_key: string;
  token_uri: string;
}

export function readServiceAccount(file: string): ServiceAccount {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServiceAccount>;
  if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string' || typeof parsed.token_uri !== 'string') {
    throw new Error(`${file} is not a service account key file (client_email, private_key, token_uri)`);
  }
  return { client_email: parsed.client_email, private_key: parsed.private_key, token_uri: parsed.token_uri };
}

const SCOPE = 'https://www.googleapis.com/auth/homegraph';
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The two HomeGraph calls Miroir makes (Report State, Request Sync), over plain HTTPS with a
 * service-account JWT signed by node:crypto (RFC 7523). Two endpoints and one signature do not
 * need `googleapis` (tens of megabytes) or google-auth-library; the base URL and the token URI
 * are configurable so tests point both at a local recording stub.
 */
export class HomeGraphClient {
  private cached: { token: string; until: number } | null = null;

  constructor(private readonly account: ServiceAccount, private readonly baseUrl: string) {}

  private async accessToken(): Promise<string> {
    // Token lifetimes are the real clock's business, like every credential.
    const now = Math.floor(Date.now() / 1000);
    if (this.cached && this.cached.until > now + 60) return this.cached.token;
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: this.account.client_email, scope: SCOPE, aud: this.account.token_uri, iat: now, exp: now + 3600 })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.account.private_key).toString('base64url');
    const res = await fetch(this.account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HomeGraph token: HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('HomeGraph token: no access_token');
    this.cached = { token: body.access_token, until: now + (typeof body.expires_in === 'number' ? body.expires_in : 3600) };
    return body.access_token;
  }

  private async post(path: string, payload: object): Promise<void> {
    const token = await this.accessToken();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 401) this.cached = null;
    if (!res.ok) throw new Error(`HomeGraph ${path}: HTTP ${res.status}`);
  }

  reportState(agentUserId: string, states: Record<string, Record<string, unknown>>): Promise<void> {
    return this.post('/v1/devices:reportStateAndNotification', { requestId: randomUUID(), agentUserId, payload: { devices: { states } } });
  }

  requestSync(agentUserId: string): Promise<void> {
    return this.post('/v1/devices:requestSync', { agentUserId, async: true });
  }
}
