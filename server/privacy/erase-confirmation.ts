import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import { hashToken, newId, newToken } from '@server/core/ids';
import type { Queryable, Store } from '@server/store/store';

/** Long enough to read a warning and press a button; too short to be kept for later. */
export const ERASE_CONFIRMATION_TTL_MS = 5 * 60_000;

/**
 * Erasing a household is the one thing that cannot be undone, so one call is not enough: the
 * token first asks for a confirmation (`POST /api/v1/household/erase-confirmation`), then presents
 * it to `DELETE /api/v1/household` within five minutes. It is bound to the token that asked, used
 * once, and kept only as a hash.
 */
export class EraseConfirmations {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async issue(householdId: string, tokenId: string): Promise<{ confirmation: string; expiresAt: string }> {
    const now = this.clock.now();
    const confirmation = newToken('mc');
    const expiresAt = new Date(now.getTime() + ERASE_CONFIRMATION_TTL_MS).toISOString();
    await this.store.db
      .insertInto('erase_confirmations')
      .values({ id: newId(), household_id: householdId, token_id: tokenId, code_hash: hashToken(confirmation), expires_at: expiresAt, used_at: null, created_at: now.toISOString() })
      .execute();
    return { confirmation, expiresAt };
  }

  /** Spends the confirmation inside the erase's transaction; 403 `ERASE_NOT_CONFIRMED` when it is not this token's, live one. */
  async spend(db: Queryable, householdId: string, tokenId: string, confirmation: string): Promise<void> {
    const nowIso = this.clock.now().toISOString();
    const spent = await db
      .updateTable('erase_confirmations')
      .set({ used_at: nowIso })
      .where('code_hash', '=', hashToken(confirmation))
      .where('household_id', '=', householdId)
      .where('token_id', '=', tokenId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw new AppError('privacy.eraseNotConfirmed', 403);
  }
}
