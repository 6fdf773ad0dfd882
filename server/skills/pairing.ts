import { randomInt } from 'node:crypto';
import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import { hashToken, newId } from '@server/core/ids';
import type { Store } from '@server/store/store';

export const PAIRING_TTL_MS = 10 * 60_000;
/** A household asking for more than this many live codes is a script, not a person. */
const MAX_LIVE_CODES = 5;

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

  /** The household the code was issued for, or null when unknown, expired or already used. */
  async redeem(code: string): Promise<string | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const nowIso = this.clock.now().toISOString();
    return this.store.transaction(async (tx) => {
      const row = await tx
        .selectFrom('pairing_codes')
        .select(['id', 'household_id'])
        .where('code_hash', '=', hashToken(code))
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      if (!row) return null;
      const claimed = await tx.updateTable('pairing_codes').set({ used_at: nowIso }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
      return Number(claimed.numUpdatedRows) === 1 ? row.household_id : null;
    });
  }
}
