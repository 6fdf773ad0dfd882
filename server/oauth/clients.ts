import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '@server/plugins/config';

export const OAUTH_PLATFORMS = ['alexa', 'google'] as const;
export type OAuthPlatform = (typeof OAUTH_PLATFORMS)[number];

/** The one scope a link asks for: what the voice assistant needs, nothing more (see README). */
export const LINK_SCOPE = 'voice';

export interface OAuthClient {
  id: string;
  platform: OAuthPlatform;
  /** Exact strings: no prefix, no pattern, no trailing-slash leniency. */
  redirectUris: readonly string[];
  grants: readonly string[];
  secretDigest: Buffer;
}

const digest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The clients come from the environment only: Alexa's account-linking client with Amazon's three
 * link URLs for the vendor, Google's with its project's redirect (and Google's sandbox, used while
 * the project is in test). Nothing else can be registered.
 */
export function clientsFromConfig(config: Pick<Config, 'alexaOAuth' | 'googleOAuth'>): OAuthClient[] {
  const clients: OAuthClient[] = [];
  const grants = ['authorization_code', 'refresh_token'] as const;
  if (config.alexaOAuth) {
    const v = config.alexaOAuth.vendorId;
    clients.push({
      id: config.alexaOAuth.clientId,
      platform: 'alexa',
      redirectUris: [`https://pitangui.amazon.com/api/skill/link/${v}`, `https://layla.amazon.com/api/skill/link/${v}`, `https://alexa.amazon.co.jp/api/skill/link/${v}`],
      grants,
      secretDigest: digest(config.alexaOAuth.clientSecret),
    });
  }
  if (config.googleOAuth) {
    const p = config.googleOAuth.projectId;
    clients.push({
      id: config.googleOAuth.clientId,
      platform: 'google',
      redirectUris: [`https://oauth-redirect.googleusercontent.com/r/${p}`, `https://oauth-redirect-sandbox.googleusercontent.com/r/${p}`],
      grants,
      secretDigest: digest(config.googleOAuth.clientSecret),
    });
  }
  return clients;
}

export class OAuthClients {
  private readonly byId: Map<string, OAuthClient>;
  constructor(readonly all: OAuthClient[]) {
    this.byId = new Map(all.map((c) => [c.id, c]));
  }

  find(clientId: string): OAuthClient | null {
    return this.byId.get(clientId) ?? null;
  }

  forPlatform(platform: OAuthPlatform): OAuthClient | null {
    return this.all.find((c) => c.platform === platform) ?? null;
  }

  /** The client when the secret matches; compared as fixed-length digests in constant time. */
  authenticate(clientId: string, secret: string): OAuthClient | null {
    const client = this.find(clientId);
    // Digest anyway so an unknown id costs the same as a wrong secret.
    const given = digest(secret);
    if (!client) return null;
    return timingSafeEqual(given, client.secretDigest) ? client : null;
  }

  redirectAllowed(client: OAuthClient, redirectUri: string): boolean {
    return client.redirectUris.includes(redirectUri);
  }
}
