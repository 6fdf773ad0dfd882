import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '@test/helpers/build-app';

/** The OAuth client settings a test app runs with (the environment of a real install). */
export const ALEXA = { clientId: 'alexa-skill-client', secret: 'alexa-secret-0123456789abcdef', vendorId: 'M2AB3CD4EF5GH' };
export const GOOGLE = { clientId: 'google-home-client', secret: 'google-secret-0123456789abcdef', projectId: 'miroir-home-1234' };
export const OAUTH_ENV: Record<string, string> = {
  ALEXA_OAUTH_CLIENT_ID: ALEXA.clientId,
  ALEXA_OAUTH_CLIENT_SECRET: ALEXA.secret,
  ALEXA_VENDOR_ID: ALEXA.vendorId,
  GOOGLE_OAUTH_CLIENT_ID: GOOGLE.clientId,
  GOOGLE_OAUTH_CLIENT_SECRET: GOOGLE.secret,
  GOOGLE_PROJECT_ID: GOOGLE.projectId,
  // Every consent post of these tests comes from one address; the limit has its own test.
  OAUTH_AUTHORIZE_PER_MINUTE: '1000',
};

export interface TokenPair {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope?: string;
}

export interface TokenReply {
  status: number;
  body: Partial<TokenPair> & { error?: string; error_description?: string };
  headers: Record<string, unknown>;
}

/**
 * Stands for the platform's side of account linking, doing what Amazon's and Google's servers do:
 * sends the person's browser to /oauth/authorize with a state (and, for Alexa, a PKCE challenge),
 * reads the code from the redirect, checks the state, and exchanges it at /oauth/token with its
 * client credentials (Alexa: HTTP Basic; Google: in the form body).
 */
export class PlatformStub {
  readonly state = randomBytes(16).toString('base64url');
  readonly verifier = randomBytes(48).toString('base64url');
  /** Every request the platform made and what it got, as a recording stub keeps them. */
  readonly log: { url: string; status: number }[] = [];

  constructor(
    private readonly t: TestApp,
    readonly settings: { clientId: string; secret: string; redirectUri: string; auth: 'basic' | 'body'; pkce: boolean; scope?: string },
  ) {}

  static alexa(t: TestApp, host = 'pitangui.amazon.com'): PlatformStub {
    return new PlatformStub(t, { clientId: ALEXA.clientId, secret: ALEXA.secret, redirectUri: `https://${host}/api/skill/link/${ALEXA.vendorId}`, auth: 'basic', pkce: true, scope: 'voice' });
  }

  static google(t: TestApp): PlatformStub {
    return new PlatformStub(t, { clientId: GOOGLE.clientId, secret: GOOGLE.secret, redirectUri: `https://oauth-redirect.googleusercontent.com/r/${GOOGLE.projectId}`, auth: 'body', pkce: false });
  }

  get challenge(): string {
    return createHash('sha256').update(this.verifier).digest('base64url');
  }

  authorizeQuery(overrides: Record<string, string | undefined> = {}): Record<string, string> {
    const q: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: this.settings.redirectUri,
      state: this.state,
      scope: this.settings.scope,
      ...(this.settings.pkce ? { code_challenge: this.challenge, code_challenge_method: 'S256' } : {}),
      ...overrides,
    };
    return Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
  }

  authorizeUrl(overrides: Record<string, string | undefined> = {}): string {
    return `/oauth/authorize?${new URLSearchParams(this.authorizeQuery(overrides)).toString()}`;
  }

  /** The person submits the consent form with a pairing code; returns the redirect's query. */
  async consent(pairingCode: string, overrides: Record<string, string | undefined> = {}, language = 'en-US'): Promise<{ status: number; location: URL | null; body: string }> {
    const form = new URLSearchParams({ ...this.authorizeQuery(overrides), pairing_code: pairingCode, decision: 'allow' });
    const res = await this.t.app.inject({ method: 'POST', url: '/oauth/authorize', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language }, payload: form.toString() });
    const location = typeof res.headers.location === 'string' ? new URL(res.headers.location) : null;
    return { status: res.statusCode, location, body: res.body };
  }

  /** Consent then the state check a platform makes before trusting the code. */
  async code(pairingCode: string): Promise<string> {
    const { location, status, body } = await this.consent(pairingCode);
    if (!location) throw new Error(`no redirect (${status}): ${body}`);
    if (`${location.origin}${location.pathname}` !== this.settings.redirectUri) throw new Error(`redirected elsewhere: ${location.toString()}`);
    if (location.searchParams.get('state') !== this.state) throw new Error('state mismatch');
    const code = location.searchParams.get('code');
    if (!code) throw new Error(`no code: ${location.toString()}`);
    return code;
  }

  async post(url: string, fields: Record<string, string>, options: { secret?: string; clientId?: string; contentType?: string; raw?: string } = {}): Promise<TokenReply> {
    const clientId = options.clientId ?? this.settings.clientId;
    const secret = options.secret ?? this.settings.secret;
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' };
    const body = new URLSearchParams(fields);
    if (this.settings.auth === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    else {
      body.set('client_id', clientId);
      body.set('client_secret', secret);
    }
    const res = await this.t.app.inject({ method: 'POST', url, headers, payload: options.raw ?? body.toString() });
    this.log.push({ url, status: res.statusCode });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : {}) as TokenReply['body'], headers: res.headers };
  }

  exchange(code: string, extra: Record<string, string> = {}, options: { secret?: string; clientId?: string } = {}): Promise<TokenReply> {
    return this.post('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: this.settings.redirectUri, ...(this.settings.pkce ? { code_verifier: this.verifier } : {}), ...extra }, options);
  }

  refresh(refreshToken: string): Promise<TokenReply> {
    return this.post('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  revoke(token: string): Promise<TokenReply> {
    return this.post('/oauth/revoke', { token });
  }

  /** The whole link as the platform does it: consent with the code, exchange, check the pair. */
  async link(pairingCode: string): Promise<TokenPair> {
    const reply = await this.exchange(await this.code(pairingCode));
    if (reply.status !== 200) throw new Error(`token exchange ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body as TokenPair;
  }
}
