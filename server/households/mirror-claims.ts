import type { Clock } from '@server/core/clock';
import { AppError, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { AuthContext } from '@server/plugins/auth';
import type { Queryable, Store } from '@server/store/store';
import type { TokenService } from './tokens';

/** Long enough for a mirror that blinked off the stream to come back and claim; short enough that a forgotten claim dies. */
export const MIRROR_CLAIM_TTL_MS = 10 * 60_000;
/** The label of the display token a moved mirror gets (stored data, like "<device> (setup)"). */
export const MOVED_MIRROR_LABEL = 'Mirror (moved from the demo)';

export interface ClaimedMirror {
  token: string;
  tokenId: string;
  household: { id: string; name: string };
}

/**
 * How first run moves the demo's open mirrors to the family's household without a bearer token
 * ever riding the event stream (whose replay buffer, and the fleet's shared `event_log`, keep
 * events in clear). The setup transaction `create`s a claim bound to both households;
 * `mirror.moved` carries only its id, which is no secret: the credential is the redeeming
 * mirror's own display token of the demo, which proves it is one of the demo's mirrors.
 *
 * Each demo display token live when the claim was made (listed then, in the setup transaction)
 * redeems it once, until it expires (ten minutes on the injected clock): two mirrors in the hall
 * both move, a mirror cannot mint itself a second display token of the family, and a display
 * token made after first run (by whoever still holds a demo owner token) moves nothing.
 */
export class MirrorClaims {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly tokens: TokenService) {}

  /** In the setup transaction: the claim lives or dies with the household it moves the mirrors to. */
  async create(tx: Queryable, demoId: string, toHouseholdId: string): Promise<{ id: string; expiresAt: string }> {
    const now = this.clock.now();
    const id = newId();
    const expiresAt = new Date(now.getTime() + MIRROR_CLAIM_TTL_MS).toISOString();
    await tx.insertInto('mirror_claims').values({ id, household_id: demoId, to_household_id: toHouseholdId, created_at: now.toISOString(), expires_at: expiresAt }).execute();
    // The mirrors that may move are the demo's display tokens live now, read in this transaction.
    const mirrors = await tx.selectFrom('tokens').select('id').where('household_id', '=', demoId).where('scope', '=', 'display').where('revoked_at', 'is', null).execute();
    if (mirrors.length > 0) {
      await tx
        .insertInto('mirror_claim_tokens')
        .values(mirrors.map((m) => ({ claim_id: id, token_id: m.id, used_at: null, minted_token_id: null })))
        .execute();
    }
    return { id, expiresAt };
  }

  /**
   * A display token of the family's household for the demo mirror that asks, in one transaction
   * with the record of its use: of two redeems by one mirror, the conditional update lets one
   * through. Another household's claim, or a token that was not live when it was made, is a 404.
   */
  async redeem(by: Extract<AuthContext, { kind: 'household' }>, claimId: string): Promise<ClaimedMirror> {
    if (by.scope !== 'display') throw new AppError('errors.forbidden', 403);
    const nowIso = this.clock.now().toISOString();
    return this.store.transaction(async (tx) => {
      const row = await tx
        .selectFrom('mirror_claims')
        .innerJoin('mirror_claim_tokens', 'mirror_claim_tokens.claim_id', 'mirror_claims.id')
        .select(['mirror_claims.id', 'mirror_claims.to_household_id', 'mirror_claims.expires_at', 'mirror_claim_tokens.used_at'])
        .where('mirror_claims.id', '=', claimId)
        .where('mirror_claims.household_id', '=', by.householdId)
        .where('mirror_claim_tokens.token_id', '=', by.tokenId)
        .executeTakeFirst();
      if (!row) throw notFound('claim', { id: claimId });
      if (row.used_at !== null) throw new AppError('households.mirrorClaimUsed', 409);
      if (row.expires_at <= nowIso) throw new AppError('households.mirrorClaimExpired', 410);
      const issued = await this.tokens.issueRow(row.to_household_id, 'display', null, MOVED_MIRROR_LABEL, tx, null);
      const used = await tx
        .updateTable('mirror_claim_tokens')
        .set({ used_at: nowIso, minted_token_id: issued.id })
        .where('claim_id', '=', row.id)
        .where('token_id', '=', by.tokenId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      // A concurrent redeem by the same mirror got there first: this transaction's token goes with it.
      if (Number(used.numUpdatedRows) !== 1) throw new AppError('households.mirrorClaimUsed', 409);
      const household = await tx.selectFrom('households').select(['id', 'name']).where('id', '=', row.to_household_id).executeTakeFirstOrThrow();
      return { token: issued.token, tokenId: issued.id, household };
    });
  }
}
