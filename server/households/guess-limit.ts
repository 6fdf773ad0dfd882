import { newId } from '@server/core/ids';
import type { Queryable } from '@server/store/store';

/** What a short code proves: presence in the home, read off the mirror or the terminal. */
export type GuessPurpose = 'join' | 'pairing';

export interface GuessLimits {
  /** Wrong codes are counted over this window; as long as a code lives, so guessing cannot catch up. */
  windowMs: number;
  /** Wrong codes one guesser (an address, a voice account) may send per window. */
  perGuesser: number;
  /** Wrong codes across the service per window: many guessers together are stopped too. */
  perService: number;
}

/** Failures older than this are deleted as new ones are written. */
const FAILURE_KEEP_MS = 86_400_000;

/**
 * Bounded guessing for the short codes that let someone in (phone join codes, voice pairing
 * codes): counted in the store, per guesser (kept only as a hash) and across the service, so a
 * new session, a restart or another instance changes nothing. Both checks run inside the
 * caller's transaction, before the code is even looked at: a locked guesser learns nothing.
 */
export class GuessLimit {
  constructor(
    private readonly purpose: GuessPurpose,
    readonly limits: GuessLimits,
  ) {}

  /** True when this guesser (when known) or the whole service made too many wrong guesses within the window. */
  async locked(db: Queryable, guesserHash: string | null, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - this.limits.windowMs).toISOString();
    const count = async (guesser: string | null) => {
      let q = db
        .selectFrom('guess_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('purpose', '=', this.purpose)
        .where('at', '>', since);
      if (guesser !== null) q = q.where('guesser_hash', '=', guesser);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    if (guesserHash !== null && (await count(guesserHash)) >= this.limits.perGuesser) return true;
    return (await count(null)) >= this.limits.perService;
  }

  /** Counts one wrong guess (an unknown, expired or used code). */
  async failed(db: Queryable, guesserHash: string | null, now: Date): Promise<void> {
    await db
      .deleteFrom('guess_failures')
      .where('purpose', '=', this.purpose)
      .where('at', '<', new Date(now.getTime() - FAILURE_KEEP_MS).toISOString())
      .execute();
    await db.insertInto('guess_failures').values({ id: newId(), purpose: this.purpose, guesser_hash: guesserHash, at: now.toISOString() }).execute();
  }
}
