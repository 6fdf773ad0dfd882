import { randomBytes } from 'node:crypto';
import type OAuth2Server from '@node-oauth/oauth2-server';
import type { Clock } from '@server/core/clock';
import { hashToken, newId } from '@server/core/ids';
import type { TokenService } from '@server/households/tokens';
import type { Queryable, Store } from '@server/store/store';
import { LINK_SCOPE, type OAuthClient, type OAuthClients, type OAuthPlatform } from './clients';

/** Who a code or a token speaks for, as the library carries it between model calls. */
export interface LinkUser {
  householdId: string;
  grantId: string;
  platform: OAuthPlatform;
  /** The refresh token being exchanged (refresh grant), or null (code grant). */
  parentId: string | null;
}

type Model = OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel;

const opaque = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

function libraryClient(client: OAuthClient): OAuth2Server.Client {
  return { id: client.id, redirectUris: [...client.redirectUris], grants: [...client.grants] };
}

function linkUser(user: OAuth2Server.User): LinkUser {
  const u = user as Partial<LinkUser>;
  if (typeof u.householdId !== 'string' || typeof u.grantId !== 'string' || (u.platform !== 'alexa' && u.platform !== 'google')) {
    throw new Error('oauth model: user without household or grant');
  }
  return { householdId: u.householdId, grantId: u.grantId, platform: u.platform, parentId: u.parentId ?? null };
}

/**
 * Revokes a whole link: the grant, its refresh tokens and the access tokens issued beside them.
 * Used by revocation, DISCONNECT, the links API and when a used code is presented again.
 */
export async function revokeGrant(db: Queryable, tokens: TokenService, grantId: string, nowIso: string): Promise<void> {
  const accessIds = db.selectFrom('oauth_refresh_tokens').select('access_token_id').where('grant_id', '=', grantId);
  await db.updateTable('tokens').set({ revoked_at: nowIso }).where('id', 'in', accessIds).where('revoked_at', 'is', null).execute();
  const grant = await db.selectFrom('oauth_grants').select('household_id').where('id', '=', grantId).executeTakeFirst();
  if (grant) await tokens.invalidate(db, grant.household_id);
  await db.updateTable('oauth_refresh_tokens').set({ revoked_at: nowIso }).where('grant_id', '=', grantId).where('revoked_at', 'is', null).execute();
  await db.updateTable('oauth_grants').set({ revoked_at: nowIso }).where('id', '=', grantId).where('revoked_at', 'is', null).execute();
}

/** Revokes refresh rows and the access tokens issued with them. */
async function revokeRows(db: Queryable, tokens: TokenService, ids: string[], nowIso: string): Promise<void> {
  if (ids.length === 0) return;
  const accessIds = db.selectFrom('oauth_refresh_tokens').select('access_token_id').where('id', 'in', ids);
  const revoked = await db.updateTable('tokens').set({ revoked_at: nowIso }).where('id', 'in', accessIds).where('revoked_at', 'is', null).executeTakeFirst();
  // Only a token that was live leaves the households' auth caches (here and on every peer): the
  // rows of an already retired pair are met again on each use of the pair after it.
  if (Number(revoked.numUpdatedRows) > 0) {
    const households = await db.selectFrom('tokens').select('household_id').distinct().where('id', 'in', accessIds).execute();
    for (const h of households) await tokens.invalidate(db, h.household_id);
  }
  await db.updateTable('oauth_refresh_tokens').set({ revoked_at: nowIso }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
}

/**
 * The storage half of @node-oauth/oauth2-server, over Miroir's store. Codes and refresh tokens
 * are kept as SHA-256 hashes; access tokens are `link` tokens issued by the households' token
 * service, so the auth plugin and the Alexa adapter resolve them like any other token. Expiry of
 * codes and refresh tokens is checked by the library on the real clock; row timestamps use the
 * injected one.
 *
 * Rotation: each refresh issues a new pair and keeps the presented refresh token valid until the
 * new pair is used (its refresh token presented, or its access token used on a call). A client
 * whose refresh response was lost retries with the old token and gets another pair (the unused one
 * is revoked); once the new pair has been used the old token is refused with `invalid_grant`.
 */
export function oauthModel(deps: { store: Store; clock: Clock; tokens: TokenService; clients: OAuthClients; accessTtlSeconds: number; refreshTtlDays: number }): Model {
  const { store, clock, tokens, clients } = deps;
  const nowIso = (): string => clock.now().toISOString();
  return {
    async generateAuthorizationCode() {
      return opaque('mo');
    },
    async getClient(clientId: string, clientSecret: string | null) {
      // The authorize endpoint asks without a secret (the client is identified, not authenticated).
      const client = clientSecret === null || clientSecret === undefined ? clients.find(clientId) : clients.authenticate(clientId, clientSecret);
      return client ? libraryClient(client) : false;
    },
    async validateRedirectUri(redirectUri: string, client: OAuth2Server.Client) {
      const known = clients.find(client.id);
      return known !== null && clients.redirectAllowed(known, redirectUri);
    },
    async validateScope(_user: OAuth2Server.User, _client: OAuth2Server.Client, scope?: string[]) {
      if (!scope || scope.length === 0) return [LINK_SCOPE];
      return scope.every((s) => s === LINK_SCOPE) ? [LINK_SCOPE] : false;
    },
    async verifyScope() {
      return true;
    },
    async saveAuthorizationCode(code, client, user) {
      const householdId = (user as { householdId?: unknown }).householdId;
      const known = clients.find(client.id);
      if (typeof householdId !== 'string' || !known) return false;
      const now = nowIso();
      const grantId = newId();
      await store.transaction(async (tx) => {
        await tx.insertInto('oauth_grants').values({ id: grantId, household_id: householdId, client_id: known.id, platform: known.platform, created_at: now, last_used_at: null, revoked_at: null }).execute();
        await tx
          .insertInto('oauth_codes')
          .values({
            id: newId(),
            grant_id: grantId,
            code_hash: hashToken(code.authorizationCode),
            redirect_uri: code.redirectUri,
            code_challenge: code.codeChallenge ?? null,
            code_challenge_method: code.codeChallenge ? (code.codeChallengeMethod ?? 'S256') : null,
            expires_at: code.expiresAt.toISOString(),
            used_at: null,
            created_at: now,
          })
          .execute();
      });
      const linked: LinkUser = { householdId, grantId, platform: known.platform, parentId: null };
      return { ...code, client, user: linked };
    },
    async getAuthorizationCode(authorizationCode: string) {
      const row = await store.db
        .selectFrom('oauth_codes')
        .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_codes.grant_id')
        .select(['oauth_codes.id', 'oauth_codes.redirect_uri', 'oauth_codes.code_challenge', 'oauth_codes.code_challenge_method', 'oauth_codes.expires_at', 'oauth_codes.used_at', 'oauth_grants.id as grantId', 'oauth_grants.household_id', 'oauth_grants.client_id', 'oauth_grants.platform', 'oauth_grants.revoked_at'])
        .where('oauth_codes.code_hash', '=', hashToken(authorizationCode))
        .executeTakeFirst();
      if (!row) return false;
      if (row.used_at !== null) {
        // RFC 6749 §4.1.2: a code presented twice was stolen or replayed; what it gave is withdrawn.
        await store.transaction((tx) => revokeGrant(tx, tokens, row.grantId, nowIso()));
        return false;
      }
      const client = clients.find(row.client_id);
      if (row.revoked_at !== null || !client) return false;
      const user: LinkUser = { householdId: row.household_id, grantId: row.grantId, platform: client.platform, parentId: null };
      return {
        authorizationCode,
        expiresAt: new Date(row.expires_at),
        redirectUri: row.redirect_uri,
        scope: [LINK_SCOPE],
        client: libraryClient(client),
        user,
        ...(row.code_challenge ? { codeChallenge: row.code_challenge, codeChallengeMethod: row.code_challenge_method ?? 'S256' } : {}),
      };
    },
    async revokeAuthorizationCode(code) {
      const result = await store.db.updateTable('oauth_codes').set({ used_at: nowIso() }).where('code_hash', '=', hashToken(code.authorizationCode)).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async getRefreshToken(refreshToken: string) {
      const row = await store.db
        .selectFrom('oauth_refresh_tokens')
        .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_refresh_tokens.grant_id')
        .select(['oauth_refresh_tokens.id', 'oauth_refresh_tokens.expires_at', 'oauth_grants.id as grantId', 'oauth_grants.household_id', 'oauth_grants.client_id'])
        .where('oauth_refresh_tokens.token_hash', '=', hashToken(refreshToken))
        .where('oauth_refresh_tokens.revoked_at', 'is', null)
        .where('oauth_grants.revoked_at', 'is', null)
        .executeTakeFirst();
      const client = row ? clients.find(row.client_id) : null;
      if (!row || !client) return false;
      const user: LinkUser = { householdId: row.household_id, grantId: row.grantId, platform: client.platform, parentId: row.id };
      return { refreshToken, refreshTokenExpiresAt: new Date(row.expires_at), scope: [LINK_SCOPE], client: libraryClient(client), user };
    },
    async revokeToken(token) {
      // Not revoked yet: the presented token stays valid until the pair issued for it is used.
      const parentId = linkUser(token.user).parentId;
      if (!parentId) return false;
      const row = await store.db.selectFrom('oauth_refresh_tokens').select('id').where('id', '=', parentId).where('revoked_at', 'is', null).executeTakeFirst();
      return row !== undefined;
    },
    async saveToken(_token, client, user) {
      const link = linkUser(user);
      const now = nowIso();
      // Lifetimes on the real clock: the library checks them against it.
      const accessExpires = new Date(Date.now() + deps.accessTtlSeconds * 1000);
      const refreshExpires = new Date(Date.now() + deps.refreshTtlDays * 86_400_000);
      const refreshToken = opaque('mr');
      const saved = await store.transaction(async (tx) => {
        const grant = await tx.selectFrom('oauth_grants').select('id').where('id', '=', link.grantId).where('revoked_at', 'is', null).executeTakeFirst();
        if (!grant) return null;
        if (link.parentId) {
          // A retry of the same refresh: the pair handed out before was never used, it goes.
          const siblings = await tx.selectFrom('oauth_refresh_tokens').select('id').where('parent_id', '=', link.parentId).where('revoked_at', 'is', null).execute();
          await revokeRows(tx, tokens, siblings.map((s) => s.id), now);
          // The presented token is used: the one it replaced is retired for good.
          const parent = await tx.selectFrom('oauth_refresh_tokens').select('parent_id').where('id', '=', link.parentId).executeTakeFirst();
          if (parent?.parent_id) await revokeRows(tx, tokens, [parent.parent_id], now);
        }
        const access = await tokens.issueRow(link.householdId, 'link', link.platform, `${link.platform} account link`, tx, accessExpires);
        await tx
          .insertInto('oauth_refresh_tokens')
          .values({ id: newId(), grant_id: link.grantId, token_hash: hashToken(refreshToken), access_token_id: access.id, parent_id: link.parentId, expires_at: refreshExpires.toISOString(), created_at: now, revoked_at: null })
          .execute();
        await tx.updateTable('oauth_grants').set({ last_used_at: now }).where('id', '=', link.grantId).execute();
        return access.token;
      });
      if (!saved) return false;
      return { accessToken: saved, accessTokenExpiresAt: accessExpires, refreshToken, refreshTokenExpiresAt: refreshExpires, scope: [LINK_SCOPE], client, user: link };
    },
    async getAccessToken(accessToken: string) {
      const auth = await tokens.authenticate(accessToken);
      if (auth?.kind !== 'link') return false;
      const client = clients.forPlatform(auth.platform === 'google' ? 'google' : 'alexa');
      if (!client) return false;
      return { accessToken, client: libraryClient(client), user: { householdId: auth.householdId } };
    },
  };
}

/** A link's "last used" is written at most this often, as a token's is (no write per voice request). */
const GRANT_TOUCH_EVERY_MS = 15 * 60_000;

/**
 * A pair is used when its access token speaks: the refresh token it replaced is retired then, the
 * first time (later uses find it retired and write nothing), and the link's last use noted.
 * Returns the pair's grant, or null for a link token no OAuth pair issued (nothing is written).
 */
export async function retireParentOf(db: Queryable, tokens: TokenService, accessTokenId: string, nowIso: string): Promise<string | null> {
  const row = await db
    .selectFrom('oauth_refresh_tokens as pair')
    .innerJoin('oauth_grants', 'oauth_grants.id', 'pair.grant_id')
    .leftJoin('oauth_refresh_tokens as parent', 'parent.id', 'pair.parent_id')
    .select(['pair.parent_id', 'pair.grant_id', 'parent.revoked_at as parentRevokedAt', 'oauth_grants.last_used_at'])
    .where('pair.access_token_id', '=', accessTokenId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.parent_id && row.parentRevokedAt === null) await revokeRows(db, tokens, [row.parent_id], nowIso);
  if (row.last_used_at === null || Date.parse(nowIso) - Date.parse(row.last_used_at) >= GRANT_TOUCH_EVERY_MS) {
    await db.updateTable('oauth_grants').set({ last_used_at: nowIso }).where('id', '=', row.grant_id).execute();
  }
  return row.grant_id;
}
