/**
 * Login with Amazon's client-credentials grant for the skill's messaging credentials (Alexa
 * developer console → Permissions → Alexa Skill Messaging), scoped to Proactive Events only.
 */
export class LwaTokens {
  private cached: { token: string; until: number } | null = null;

  constructor(private readonly tokenUrl: string, private readonly client: { clientId: string; clientSecret: string }) {}

  async token(): Promise<string> {
    // Credential lifetimes are the real clock's business.
    const now = Date.now();
    if (this.cached && this.cached.until > now + 60_000) return this.cached.token;
    const res = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.client.clientId, client_secret: this.client.clientSecret, scope: 'alexa::proactive_events' }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`LWA token: HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('LWA token: no access_token');
    this.cached = { token: body.access_token, until: now + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000 };
    return body.access_token;
  }

  /** A 401 from the gateway: the next call asks for a new token. */
  forget(): void {
    this.cached = null;
  }
}
