import { randomInt } from 'node:crypto';
import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import { hashToken, newId } from '@server/core/ids';
import { GuessLimit } from '@server/households/guess-limit';
import type { Store } from '@server/store/store';
import type { PairingOutcome } from '@skills/core/services';

export const PAIRING_TTL_MS = 10 * 60_000;
/** A household asking for more than this many live codes is a script, not a person. */
const MAX_LIVE_CODES = 5;
/** Wrong codes one voice user may say per window before being locked out until the window passes. */
export const MAX_FAILURES_PER_CALLER = 5;
/**
 * Wrong codes across the whole service per window before every redeem is refused until the
 * window passes: a guesser with many accounts (or a platform that hides who speaks) is stopped too.
 * With at most five live codes per home, a guess hits some home with odds of 5·homes/900 000.
 */
export const MAX_FAILURES_PER_SERVICE = 100;
const guesses = new GuessLimit('pairing', { windowMs: PAIRING_TTL_MS, perGuesser: MAX_FAILURES_PER_CALLER, perService: MAX_FAILURES_PER_SERVICE });

/** Who says a code: the platform and its user id when it gives one (kept only hashed). */
export interface PairingCaller {
  platform: string;
  userId: string | null;
}


/**
 * Six-digit codes the mirror shows so a voice device can be linked by saying them. Stored as a
 * hash, valid ten minutes, used once; the redeem is one conditional update so two devices saying
 * the same code cannot both win.
 */
export class PairingService {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async issue(householdId: string): Promise<{ code: string; expiresAt: string }> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS).toISOString();
    return this.store.transaction(async (tx) => {
      // Expired codes leave the live index so their digits can be handed out again.
      await tx.updateTable('pairing_codes').set({ used_at: nowIso }).where('used_at', 'is', null).where('expires_at', '<=', nowIso).execute();
      const live = await tx
        .selectFrom('pairing_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('household_id', '=', householdId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(live.n) >= MAX_LIVE_CODES) throw new AppError('skills.pairing.tooMany', 429);
      for (let attempt = 0; attempt < 20; attempt++) {
        // 100000–999999: no leading zero for a number slot to swallow.
        const code = String(randomInt(100_000, 1_000_000));
        const taken = await tx.selectFrom('pairing_codes').select('id').where('code_hash', '=', hashToken(code)).where('used_at', 'is', null).executeTakeFirst();
        if (taken) continue;
        await tx
          .insertInto('pairing_codes')
          .values({ id: newId(), household_id: householdId, code_hash: hashToken(code), expires_at: expiresAt, used_at: null, created_at: nowIso })
          .execute();
        return { code, expiresAt };
      }
      throw new AppError('skills.pairing.tooMany', 429);
    });
  }

  /**
   * The household the code was issued for (`linked`), `wrong` when unknown, expired or already
   * used (and counted), or `locked` without looking at the code when this caller, or the whole
   * service, said too many wrong codes in the last ten minutes. Counted in the store, so a new
   * session (Google starts one per conversation) or another server instance changes nothing.
   */
  async redeem(code: string | null, caller: PairingCaller): Promise<PairingOutcome> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const callerHash = caller.userId ? hashToken(`${caller.platform}:${caller.userId}`) : null;
    const outcome = await this.store.transaction(async (tx): Promise<PairingOutcome> => {
      if (await guesses.locked(tx, callerHash, now)) return { kind: 'locked' };
      const row =
        code && /^\d{6}$/.test(code)
          ? await tx
              .selectFrom('pairing_codes')
              .select(['id', 'household_id'])
              .where('code_hash', '=', hashToken(code))
              .where('used_at', 'is', null)
              .where('expires_at', '>', nowIso)
              .executeTakeFirst()
          : undefined;
      if (row) {
        const claimed = await tx.updateTable('pairing_codes').set({ used_at: nowIso }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 1) return { kind: 'linked', householdId: row.household_id };
      }
      await guesses.failed(tx, callerHash, now);
      return { kind: 'wrong' };
    });
    if (outcome.kind === 'locked') this.onLocked?.(caller.platform);
    return outcome;
  }

  /** Told when a redeem is refused by the lockout (the server logs it: someone is guessing). */
  onLocked?: (platform: string) => void;
}
