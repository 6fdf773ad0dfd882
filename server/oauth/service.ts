import type OAuth2Server from '@node-oauth/oauth2-server';
import type { Clock } from '@server/core/clock';
import { notFound } from '@server/core/errors';
import { hashToken } from '@server/core/ids';
import type { TokenService } from '@server/households/tokens';
import type { Store } from '@server/store/store';
import type { OAuthClient, OAuthClients, OAuthPlatform } from './clients';
import { oauthModel, retireParentOf, revokeGrant } from './model';

/** Authorization codes live five minutes (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_TTL_SECONDS = 300;

export type FormFields = Record<string, string>;

/** An HTTP exchange as the library sees it, kept free of Fastify. */
export interface OAuthExchange {
  method: string;
  headers: Record<string, string>;
  query: FormFields;
  body: FormFields;
}

export interface OAuthOutcome {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface LinkView {
  id: string;
  platform: OAuthPlatform;
  clientId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** RFC 6749 §5.2's error shape; the library's errors carry the code as their name. */
function oauthError(library: typeof OAuth2Server, err: unknown): OAuthOutcome {
  if (err instanceof library.OAuthError && err.name !== 'server_error') {
    return { status: err.code, headers: {}, body: { error: err.name, error_description: err.message } };
  }
  return { status: 500, headers: {}, body: { error: 'server_error', error_description: 'The server could not complete the request.' } };
}

/**
 * Account linking for the voice platforms, on @node-oauth/oauth2-server: the authorization code
 * grant with PKCE (S256 only) and rotating refresh tokens, for the clients configured from the
 * environment. The library does the protocol (parameters, client authentication, PKCE, expiry,
 * RFC 6749 errors); `model.ts` keeps everything in Miroir's store.
 */
export class OAuthService {
  private library: Promise<{ library: typeof OAuth2Server; server: OAuth2Server }> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
    readonly clients: OAuthClients,
    private readonly lifetimes: { accessTtlSeconds: number; refreshTtlDays: number },
  ) {}

  /** Loaded on the first linking request: most homes never link a voice platform, and it costs ~13 ms at start. */
  private oauth(): Promise<{ library: typeof OAuth2Server; server: OAuth2Server }> {
    this.library ??= import('@node-oauth/oauth2-server').then(({ default: library }) => {
      const { store, clock, tokens, clients, lifetimes } = this;
      const server = new library({
        model: oauthModel({ store, clock, tokens, clients, ...lifetimes }),
        accessTokenLifetime: lifetimes.accessTtlSeconds,
        refreshTokenLifetime: lifetimes.refreshTtlDays * 86_400,
        authorizationCodeLifetime: CODE_TTL_SECONDS,
        allowEmptyState: false,
        alwaysIssueNewRefreshToken: true,
      });
      return { library, server };
    });
    return this.library;
  }

  /** The client and redirect URI of an authorize request, when both are exactly as configured. */
  checkedClient(clientId: string, redirectUri: string): OAuthClient | null {
    const client = this.clients.find(clientId);
    return client && this.clients.redirectAllowed(client, redirectUri) ? client : null;
  }

  /**
   * Issues a code for a household that proved itself (pairing code or a person's token) and
   * returns where the browser goes next: the client's redirect URI with `code` and `state`, or
   * with an RFC 6749 §4.1.2.1 error. Throws (no redirect) when client or redirect URI is wrong.
   */
  async authorize(exchange: OAuthExchange, householdId: string | null): Promise<string> {
    const { library, server } = await this.oauth();
    const request = new library.Request(exchange);
    const response = new library.Response({ headers: {} });
    try {
      await server.authorize(request, response, {
        authenticateHandler: { handle: () => (householdId ? { householdId } : false) },
        allowEmptyState: false,
        authorizationCodeLifetime: CODE_TTL_SECONDS,
      });
    } catch (err) {
      const location = response.get('location') as string | undefined;
      if (location) return location;
      throw err;
    }
    return response.get('location') as string;
  }

  /** POST /oauth/token: the library answers; errors come back in RFC 6749 §5.2 shape. */
  async token(exchange: OAuthExchange): Promise<OAuthOutcome> {
    const { library, server } = await this.oauth();
    const request = new library.Request(exchange);
    const response = new library.Response({ headers: {} });
    try {
      await server.token(request, response);
      return { status: response.status ?? 200, headers: response.headers ?? {}, body: response.body as Record<string, unknown> };
    } catch (err) {
      const outcome = oauthError(library, err);
      // invalid_client over HTTP Basic: the library set WWW-Authenticate.
      return { ...outcome, headers: { ...(response.headers ?? {}) } };
    }
  }

  /**
   * RFC 7009: the client revokes an access or refresh token it holds. Either ends the whole link
   * (an unlink in the Alexa app or Google Home). Unknown tokens, or another client's, are a silent
   * success, as the RFC says.
   */
  async revoke(client: OAuthClient, token: string): Promise<void> {
    const hash = hashToken(token);
    const byRefresh = await this.store.db
      .selectFrom('oauth_refresh_tokens')
      .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_refresh_tokens.grant_id')
      .select(['oauth_grants.id', 'oauth_grants.client_id'])
      .where('oauth_refresh_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    const byAccess =
      byRefresh ??
      (await this.store.db
        .selectFrom('tokens')
        .innerJoin('oauth_refresh_tokens', 'oauth_refresh_tokens.access_token_id', 'tokens.id')
        .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_refresh_tokens.grant_id')
        .select(['oauth_grants.id', 'oauth_grants.client_id'])
        .where('tokens.token_hash', '=', hash)
        .where('tokens.scope', '=', 'link')
        .executeTakeFirst());
    if (!byAccess || byAccess.client_id !== client.id) return;
    await this.store.transaction((tx) => revokeGrant(tx, this.tokens, byAccess.id, this.clock.now().toISOString()));
  }

  /** The household's live links, oldest first. */
  async links(householdId: string): Promise<LinkView[]> {
    const rows = await this.store.db
      .selectFrom('oauth_grants')
      .selectAll()
      .where('household_id', '=', householdId)
      .where('revoked_at', 'is', null)
      // A consent whose code was never exchanged is not a link.
      .where((eb) => eb.exists(eb.selectFrom('oauth_refresh_tokens').select('id').whereRef('oauth_refresh_tokens.grant_id', '=', 'oauth_grants.id')))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, platform: r.platform as OAuthPlatform, clientId: r.client_id, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  /** Ends one link of the household; another household's link is a 404. */
  async revokeLink(householdId: string, grantId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await tx.selectFrom('oauth_grants').select('id').where('id', '=', grantId).where('household_id', '=', householdId).where('revoked_at', 'is', null).executeTakeFirst();
      if (!row) throw notFound('link', { id: grantId });
      await revokeGrant(tx, this.tokens, row.id, this.clock.now().toISOString());
    });
  }

  /** The link an access token belongs to (DISCONNECT revokes exactly that one). */
  async grantOfAccessToken(accessTokenId: string): Promise<string | null> {
    const row = await this.store.db.selectFrom('oauth_refresh_tokens').select('grant_id').where('access_token_id', '=', accessTokenId).executeTakeFirst();
    return row?.grant_id ?? null;
  }

  async revokeGrantById(grantId: string): Promise<void> {
    await this.store.transaction((tx) => revokeGrant(tx, this.tokens, grantId, this.clock.now().toISOString()));
  }

  /**
   * An access token spoke: the refresh token its pair replaced stops working (see model.ts).
   * Returns the grant of its pair, or null when no OAuth pair issued it.
   */
  async accessUsed(accessTokenId: string): Promise<string | null> {
    return this.store.transaction((tx) => retireParentOf(tx, this.tokens, accessTokenId, this.clock.now().toISOString()));
  }

  /** Households with a live Google link: the ones HomeGraph hears about. */
  async householdsLinkedTo(platform: OAuthPlatform): Promise<string[]> {
    const rows = await this.store.db.selectFrom('oauth_grants').select('household_id').distinct().where('platform', '=', platform).where('revoked_at', 'is', null).execute();
    return rows.map((r) => r.household_id);
  }

  async isLinked(householdId: string, platform: OAuthPlatform): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('oauth_grants')
      .select('id')
      .where('household_id', '=', householdId)
      .where('platform', '=', platform)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('oauth_refresh_tokens').select('id').whereRef('oauth_refresh_tokens.grant_id', '=', 'oauth_grants.id')))
      .executeTakeFirst();
    return row !== undefined;
  }
}
