import type { Clock } from '@server/core/clock';
import { AppError, notFound } from '@server/core/errors';
import { hashToken, newId, newToken, type TokenPrefix } from '@server/core/ids';
import type { AuthContext } from '@server/plugins/auth';
import type { Queryable, Store } from '@server/store/store';
import { TokenCache } from './token-cache';
import type { PersonScope, TokenScope, TokensTable, UrlTokenPurpose } from './tables';

/** Long enough to open a stream or load a page's images; short enough that a logged URL is soon worthless. */
export const URL_TOKEN_TTL_MS = 5 * 60_000;

/** What a token of one scope may hand out, rotate or revoke: never more power than its own. */
const GRANTS: Record<TokenScope, readonly TokenScope[]> = {
  owner: ['owner', 'app', 'display', 'device', 'link'],
  app: ['app', 'display', 'device', 'link'],
  display: [],
  device: [],
  link: [],
};

/** The prefix tells a reader (and a secret scanner) what a token is; owner keeps the first round's `mh_`. */
const PREFIX: Record<TokenScope, TokenPrefix> = { owner: 'mh', app: 'ma', display: 'mm', device: 'md', link: 'ml' };

/** How often a token's last use is written (see `touch`). */
const TOUCH_EVERY_MS = 15 * 60_000;

/** Longer than any token we issue: refused before hashing. */
const MAX_TOKEN_LENGTH = 200;
/** The id of an in-process token starts so; stored tokens' ids are bare UUIDs. */
const IN_PROCESS_ID = 'in-process:';

export interface TokenView {
  id: string;
  scope: TokenScope;
  label: string | null;
  /** The device for a device token, the platform (alexa, google) for a link token. */
  subjectId: string | null;
  createdAt: string;
  rotatedAt: string | null;
  /** When a request last came with it, to the nearest quarter hour (see `touch`); null: never. */
  lastUsedAt: string | null;
  /** True for the token the request itself carries. */
  current: boolean;
}

function canGrant(actor: TokenScope, target: TokenScope): boolean {
  return GRANTS[actor].includes(target);
}

function view(row: TokensTable, currentId: string | null): TokenView {
  return {
    id: row.id,
    scope: row.scope,
    label: row.label,
    subjectId: row.subject_id,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    lastUsedAt: row.last_used_at,
    current: row.id === currentId,
  };
}

/**
 * Every bearer token: issued once in clear, kept only as a SHA-256 hash. Scopes are checked by the
 * auth plugin against each route's config; this class decides who may mint, rotate and revoke.
 */
export class TokenService {
  /** Who each live token speaks for, kept in memory (see TokenCache for why it stays correct). */
  readonly cache: TokenCache;
  private peers: TokenPeers | null = null;
  /** Display credentials that exist only in this process's memory, by hash (see `withInProcessToken`). */
  private readonly inProcess = new Map<string, AuthContext>();

  constructor(private readonly store: Store, private readonly clock: Clock) {
    // SQLite is one process. On PostgreSQL other instances (or a CLI) may write: off until the
    // fleet relay says this instance hears them (`shareWith`).
    this.cache = new TokenCache(store.dialect === 'sqlite');
  }

  /**
   * Several instances share the store: invalidations go to every peer, and the cache is used only
   * while `peers` says it hears them (off until then).
   */
  shareWith(peers: TokenPeers): void {
    this.peers = peers;
    this.cache.setEnabled(peers.connected());
    peers.onConnectionChange((up) => this.cache.setEnabled(up));
    peers.onInvalidate((householdId) => this.cache.invalidate(householdId));
  }

  /**
   * Call from every write that revokes, rotates or deletes a household's tokens, or changes what
   * its AuthContext carries (locale, timezone), with the writing transaction (or the store): the
   * cached contexts go now, again once the write is committed, and on every peer at the commit.
   * `null` drops every household's.
   */
  async invalidate(db: Queryable, householdId: string | null): Promise<void> {
    this.cache.invalidate(householdId);
    const delivered = this.peers ? await this.peers.announce(db, householdId) : null;
    await this.store.afterCommit(db, async () => {
      this.cache.invalidate(householdId);
      // The writer answers once every instance listening at the commit has dropped them.
      await delivered?.();
    });
  }

  /** Issues a token and returns it in clear, once; only its hash is kept. */
  async issue(householdId: string, scope: TokenScope, subjectId: string | null, label: string | null, db: Queryable = this.store.db): Promise<string> {
    return (await this.issueRow(householdId, scope, subjectId, label, db, null)).token;
  }

  /**
   * The same, with the row id and an optional expiry: OAuth access tokens (link scope) are issued
   * here by server/oauth and stop working on their own, checked on the real clock.
   */
  async issueRow(householdId: string, scope: TokenScope, subjectId: string | null, label: string | null, db: Queryable, expiresAt: Date | null): Promise<{ id: string; token: string }> {
    const token = newToken(PREFIX[scope]);
    const id = newId();
    await db
      .insertInto('tokens')
      .values({
        id,
        household_id: householdId,
        token_hash: hashToken(token),
        scope,
        subject_id: subjectId,
        label,
        created_at: this.clock.now().toISOString(),
        last_used_at: null,
        revoked_at: null,
        rotated_at: null,
        expires_at: expiresAt ? expiresAt.toISOString() : null,
      })
      .execute();
    return { id, token };
  }

  /** A person's token minted by another: refused (403) when it would carry more power than the one asking. */
  async mint(by: AuthContext, input: { scope: PersonScope; label: string }): Promise<TokenView & { token: string }> {
    if (!canGrant(by.scope, input.scope)) throw new AppError('households.tokenTooPowerful', 403, { scope: input.scope });
    return this.store.transaction(async (tx) => {
      const token = await this.issue(by.householdId, input.scope, null, input.label, tx);
      const row = await tx.selectFrom('tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
      return { ...view(row, by.tokenId), token };
    });
  }

  /** The household's live tokens, oldest first, without any secret. */
  async list(householdId: string, currentId: string | null = null): Promise<TokenView[]> {
    const rows = await this.store.db
      .selectFrom('tokens')
      .selectAll()
      .where('household_id', '=', householdId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date().toISOString())]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => view(r, currentId));
  }

  /** A new secret for the same token (same id, scope, label); the old secret stops working at once. */
  async rotate(by: AuthContext, tokenId: string): Promise<TokenView & { token: string }> {
    return this.store.transaction(async (tx) => {
      const row = await this.manageable(tx, by, tokenId);
      const token = newToken(PREFIX[row.scope]);
      const now = this.clock.now().toISOString();
      await tx.updateTable('tokens').set({ token_hash: hashToken(token), rotated_at: now }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
      // URL tokens made from the old secret go with it.
      await tx.deleteFrom('url_tokens').where('parent_id', '=', row.id).execute();
      await this.invalidate(tx, by.householdId);
      return { ...view({ ...row, rotated_at: now }, by.tokenId), token };
    });
  }

  async revoke(by: AuthContext, tokenId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.manageable(tx, by, tokenId);
      await tx.updateTable('tokens').set({ revoked_at: this.clock.now().toISOString() }).where('id', '=', row.id).execute();
      await this.invalidate(tx, by.householdId);
    });
  }

  /** The live token of the asker's household, if the asker's scope may manage it; another household's is a 404. */
  private async manageable(db: Queryable, by: AuthContext, tokenId: string): Promise<TokensTable> {
    const row = await db
      .selectFrom('tokens')
      .selectAll()
      .where('id', '=', tokenId)
      .where('household_id', '=', by.householdId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('token', { id: tokenId });
    if (!canGrant(by.scope, row.scope)) throw new AppError('households.tokenTooPowerful', 403, { scope: row.scope });
    return row;
  }

  /** Resolves a bearer token to who it speaks for and with which scope; null when unknown or revoked. */
  async authenticate(token: string): Promise<AuthContext | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const hash = hashToken(token);
    return this.inProcess.get(hash) ?? this.authenticateHash(hash);
  }

  /**
   * Runs `use` with a display token that exists only in this process's memory, and only until
   * `use` settles: the server reading its own routes as its mirror would (the start-up warm-up,
   * server/mirror/start-warm-up.ts) without writing a token to the store. Never stored, listed,
   * logged or marked as used; as hard to guess as any token, and gone a moment later.
   */
  async withInProcessToken<T>(householdId: string, use: (token: string) => Promise<T>): Promise<T> {
    const household = await this.store.db.selectFrom('households').select(['locale', 'timezone']).where('id', '=', householdId).executeTakeFirst();
    if (!household) throw notFound('household', { id: householdId });
    const token = newToken(PREFIX.display);
    const hash = hashToken(token);
    const auth: AuthContext = { kind: 'household', scope: 'display', householdId, tokenId: `${IN_PROCESS_ID}${newId()}`, locale: household.locale, timezone: household.timezone };
    this.inProcess.set(hash, Object.freeze(auth));
    try {
      return await use(token);
    } finally {
      this.inProcess.delete(hash);
    }
  }

  private async authenticateHash(tokenHash: string): Promise<AuthContext | null> {
    let cached = this.cache.get(tokenHash);
    if (cached && this.peers) {
      // A peer's invalidation may be waiting in the LISTEN socket, ready in the same turn as this
      // request: I/O callbacks run before setImmediate's, so it is applied first.
      await new Promise((resolve) => setImmediate(resolve));
      cached = this.cache.get(tokenHash);
    }
    if (cached) return cached;
    const startedAt = this.cache.begin();
    const row = await this.store.db
      .selectFrom('tokens')
      .innerJoin('households', 'households.id', 'tokens.household_id')
      .select(['tokens.id as tokenId', 'tokens.scope', 'tokens.subject_id', 'tokens.household_id', 'tokens.expires_at', 'households.locale', 'households.timezone'])
      .where('tokens.token_hash', '=', tokenHash)
      .where('tokens.revoked_at', 'is', null)
      // Security checks use the real clock, never the injected one.
      .where((eb) => eb.or([eb('tokens.expires_at', 'is', null), eb('tokens.expires_at', '>', new Date().toISOString())]))
      .executeTakeFirst();
    if (!row) return null;
    const auth = contextOf(row);
    // Shared by every request of this token from now on: nobody may change it.
    if (auth) this.cache.set(tokenHash, Object.freeze(auth), row.expires_at ? Date.parse(row.expires_at) : Infinity, startedAt);
    return auth;
  }

  /**
   * A token for URLs of one purpose (an EventSource, an `<img src>`, an export link cannot send a
   * header), valid five minutes, with the scope of the token that asked, and no longer than it.
   */
  async issueUrlToken(by: AuthContext, purpose: UrlTokenPurpose): Promise<{ token: string; purpose: UrlTokenPurpose; expiresAt: string }> {
    const now = this.clock.now();
    const token = newToken('mu');
    const expiresAt = new Date(now.getTime() + URL_TOKEN_TTL_MS).toISOString();
    // Not worth a wait for the disk: one lost in a power cut is asked for again (a stream that
    // reconnects asks for a new one), and the mirror's start waits for this answer.
    await this.store.transaction(
      async (tx) => {
        await tx.deleteFrom('url_tokens').where('expires_at', '<=', now.toISOString()).execute();
        await tx.insertInto('url_tokens').values({ token_hash: hashToken(token), household_id: by.householdId, parent_id: by.tokenId, purpose, expires_at: expiresAt }).execute();
      },
      { durable: false },
    );
    return { token, purpose, expiresAt };
  }

  /** The parent's context for a live URL token of this purpose; null otherwise (another purpose, expired, parent revoked). */
  async authenticateUrlToken(token: string, purpose: UrlTokenPurpose): Promise<AuthContext | null> {
    if (token.length > MAX_TOKEN_LENGTH || !token.startsWith('mu_')) return null;
    const row = await this.store.db
      .selectFrom('url_tokens')
      .innerJoin('tokens', 'tokens.id', 'url_tokens.parent_id')
      .select(['tokens.token_hash as parentHash'])
      .where('url_tokens.token_hash', '=', hashToken(token))
      .where('url_tokens.purpose', '=', purpose)
      .where('url_tokens.expires_at', '>', this.clock.now().toISOString())
      .where('tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? this.authenticateHash(row.parentHash) : null;
  }

  /**
   * Notes that a request came with this token, for "last used" in the phones list. Written at
   * most once per quarter hour per token and instance, after the response, so a busy phone costs
   * one small write now and then, never a write per request. Null when nothing is written (most
   * calls): no promise is made for them.
   */
  touch(tokenId: string): Promise<void> | null {
    if (tokenId.startsWith(IN_PROCESS_ID)) return null;
    const now = this.clock.now();
    const last = this.touched.get(tokenId);
    if (last !== undefined && now.getTime() - last < TOUCH_EVERY_MS) return null;
    this.touched.set(tokenId, now.getTime());
    if (this.touched.size > 10_000) this.touched.clear();
    return this.store.db
      .updateTable('tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', tokenId)
      .execute()
      .then(() => undefined);
  }

  private readonly touched = new Map<string, number>();

  async revokeWhere(householdId: string, filter: { scope?: TokenScope; subjectId?: string } = {}, db: Queryable = this.store.db): Promise<number> {
    let q = db.updateTable('tokens').set({ revoked_at: this.clock.now().toISOString() }).where('household_id', '=', householdId).where('revoked_at', 'is', null);
    if (filter.scope) q = q.where('scope', '=', filter.scope);
    if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
    const result = await q.executeTakeFirst();
    await this.invalidate(db, householdId);
    return Number(result.numUpdatedRows);
  }
}

/** How the token caches of instances sharing one store hear each other (the fleet's event relay). */
export interface TokenPeers {
  /** True while this instance hears the peers' invalidations. */
  connected(): boolean;
  onConnectionChange(listener: (connected: boolean) => void): void;
  /** A peer's invalidation (null: every household). */
  onInvalidate(listener: (householdId: string | null) => void): void;
  /**
   * Tells every peer, when `db`'s writes commit (at once for the store itself). Resolves to a wait,
   * to call once committed, that ends when every listening instance has applied it (or after a
   * bound, should one never say so).
   */
  announce(db: Queryable, householdId: string | null): Promise<() => Promise<void>>;
}

function contextOf(row: { tokenId: string; scope: TokenScope; subject_id: string | null; household_id: string; locale: string; timezone: string }): AuthContext | null {
  const base = { householdId: row.household_id, tokenId: row.tokenId, locale: row.locale, timezone: row.timezone };
  switch (row.scope) {
    case 'owner':
    case 'app':
    case 'display':
      return { kind: 'household', scope: row.scope, ...base };
    case 'device':
      return row.subject_id ? { kind: 'device', scope: 'device', deviceId: row.subject_id, ...base } : null;
    case 'link':
      return { kind: 'link', scope: 'link', platform: row.subject_id ?? 'unknown', ...base };
    default:
      return null;
  }
}
