import type { AuthContext } from '@server/plugins/auth';

/** Enough for every token of a busy fleet's households; beyond it the oldest entry goes. */
const MAX_ENTRIES = 10_000;
/** Defence in depth: even a write that forgot to invalidate is seen within this long. */
const MAX_AGE_MS = 60_000;

interface Entry {
  auth: AuthContext;
  /** The token's own expiry (ms since epoch, real clock), or Infinity. */
  expiresAt: number;
  /** When the entry must be read again from the store, whatever happens. */
  staleAt: number;
}

/**
 * Token hash → AuthContext, so an authenticated request does not read the store to learn who it
 * speaks for. Only live tokens are kept (an unknown hash always reaches the store). Correctness
 * rests on three rules:
 * - every write that revokes, rotates or deletes a token, or changes what an AuthContext carries
 *   (a household's locale, timezone, the household itself), calls `invalidate` for that household,
 *   once when it writes and again once it has committed (`Store.afterCommit`);
 * - a lookup that overlapped an invalidation is not kept (`epoch`): it may have read rows the
 *   invalidating transaction was about to change;
 * - a token's expiry is checked against the real clock on every hit.
 * Across instances, invalidations travel on the fleet's LISTEN connection; the cache is used only
 * while that connection is up, and emptied when it drops (what was missed meanwhile is unknown).
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation: a lookup that started before it must not store its answer. */
  private epoch = 0;
  private enabled: boolean;

  constructor(enabled = true) {
    this.enabled = enabled;
  }

  /** The cached context of a live token, or undefined (ask the store). */
  get(tokenHash: string, now = Date.now()): AuthContext | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (now >= entry.expiresAt || now >= entry.staleAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.auth;
  }

  /** Call before reading the store; pass the result to `set`. */
  begin(): number {
    return this.epoch;
  }

  set(tokenHash: string, auth: AuthContext, expiresAt: number, startedAt: number, now = Date.now()): void {
    if (!this.enabled || startedAt !== this.epoch || now >= expiresAt) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tokenHash, { auth, expiresAt, staleAt: now + MAX_AGE_MS });
  }

  /** True when no invalidation happened since `begin()` returned `startedAt`. */
  isCurrent(startedAt: number): boolean {
    return this.enabled && startedAt === this.epoch;
  }

  /** Other household-scoped caches dropped with this one (same writers, same fleet messages). */
  onInvalidate(listener: (householdId: string | null) => void): void {
    this.listeners.push(listener);
  }

  private readonly listeners: ((householdId: string | null) => void)[] = [];

  /** Drops what is kept for one household, or for all of them (null). */
  invalidate(householdId: string | null): void {
    this.epoch += 1;
    for (const listener of this.listeners) listener(householdId);
    if (householdId === null) {
      this.entries.clear();
      return;
    }
    for (const [hash, entry] of this.entries) if (entry.auth.householdId === householdId) this.entries.delete(hash);
  }

  /** Off: nothing is kept or answered (the fleet's invalidations cannot reach this instance). */
  setEnabled(enabled: boolean): void {
    if (this.enabled === enabled) return;
    this.enabled = enabled;
    this.invalidate(null);
  }

  get size(): number {
    return this.entries.size;
  }

  get active(): boolean {
    return this.enabled;
  }
}
