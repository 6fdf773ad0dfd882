/** Tables owned by the oauth capability (account linking of voice platforms). */

/** One account link: a household that let one platform's client act for it. */
export interface OAuthGrantsTable {
  id: string;
  household_id: string;
  client_id: string;
  /** `alexa` or `google`: also the link tokens' subject. */
  platform: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Authorization codes, single use, kept as a hash, bound to their client, redirect URI and PKCE challenge. */
export interface OAuthCodesTable {
  id: string;
  grant_id: string;
  code_hash: string;
  redirect_uri: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/**
 * Refresh tokens, kept as a hash, each with the access token (a `link` row of `tokens`) issued
 * beside it. `parent_id` is the refresh token it replaced: the parent keeps working until this
 * pair is used, so a client that lost a refresh response is never stranded.
 */
export interface OAuthRefreshTokensTable {
  id: string;
  grant_id: string;
  token_hash: string;
  access_token_id: string;
  parent_id: string | null;
  expires_at: string;
  created_at: string;
  revoked_at: string | null;
}

export interface OAuthTables {
  oauth_grants: OAuthGrantsTable;
  oauth_codes: OAuthCodesTable;
  oauth_refresh_tokens: OAuthRefreshTokensTable;
}
