import { copyPlain } from '@server/core/plain-copy';
import type { TokenCache } from './token-cache';

/** Defence in depth, as for tokens: a write that forgot to invalidate is seen within this long. */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 5_000;

interface Entry<T> {
  value: T;
  staleAt: number;
}

/**
 * A household's own rows (the household, its profiles) kept in memory, for the reads nearly every
 * request makes. It rides on the token cache: invalidated by the same writers (a household's
 * update, its profiles' changes and its erase all call `TokenService.invalidate`), on every
 * instance through the same fleet message, used only while that cache is on, and a read that
 * overlapped an invalidation is not kept. Values are copied out, so no caller can change the kept one.
 */
export class HouseholdReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly tokens: TokenCache) {
    tokens.onInvalidate((householdId) => {
      if (householdId === null) this.entries.clear();
      else this.entries.delete(householdId);
    });
  }

  get(householdId: string, now = Date.now()): T | undefined {
    if (!this.tokens.active) return undefined;
    const entry = this.entries.get(householdId);
    if (!entry) return undefined;
    if (now >= entry.staleAt) {
      this.entries.delete(householdId);
      return undefined;
    }
    return copyPlain(entry.value);
  }

  begin(): number {
    return this.tokens.begin();
  }

  /** The kept value, else `load`'s, kept unless an invalidation overlapped the load. */
  async through(householdId: string, load: () => Promise<T>): Promise<T> {
    const kept = this.get(householdId);
    if (kept !== undefined) return kept;
    const startedAt = this.begin();
    const value = await load();
    this.set(householdId, value, startedAt);
    return value;
  }

  set(householdId: string, value: T, startedAt: number, now = Date.now()): void {
    if (!this.tokens.isCurrent(startedAt)) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(householdId, { value: copyPlain(value), staleAt: now + MAX_AGE_MS });
  }
}
