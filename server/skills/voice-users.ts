import type { Clock } from '@server/core/clock';
import { hashToken } from '@server/core/ids';
import type { Queryable, Store } from '@server/store/store';

export type VoicePlatform = 'alexa' | 'google' | 'cli';
export type StoredAttributes = Record<string, unknown>;

/**
 * What Miroir remembers about a voice platform's user: the household their device is linked to,
 * and their conversation state. User ids are kept hashed; a household deleted takes both along.
 */
export class VoiceUsers {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async householdOf(platform: VoicePlatform, userId: string): Promise<string | null> {
    const row = await this.store.db
      .selectFrom('skill_links')
      .select('household_id')
      .where('platform', '=', platform)
      .where('user_hash', '=', hashToken(userId))
      .executeTakeFirst();
    return row?.household_id ?? null;
  }

  async link(platform: VoicePlatform, userId: string, householdId: string): Promise<void> {
    const userHash = hashToken(userId);
    const now = this.clock.now().toISOString();
    await this.store.transaction(async (tx) => {
      await tx.deleteFrom('skill_links').where('platform', '=', platform).where('user_hash', '=', userHash).execute();
      await tx.insertInto('skill_links').values({ platform, user_hash: userHash, household_id: householdId, created_at: now }).execute();
      // State from another household must not leak into this one.
      await tx.deleteFrom('skill_states').where('platform', '=', platform).where('user_hash', '=', userHash).execute();
    });
  }

  /** The household's live voice links per platform: paired accounts and link tokens, no identifiers. */
  async links(householdId: string): Promise<{ platform: 'alexa' | 'google'; accounts: number; tokens: number; since: string }[]> {
    const accounts = await this.store.db.selectFrom('skill_links').select(['platform', 'created_at']).where('household_id', '=', householdId).execute();
    const tokens = await this.store.db
      .selectFrom('tokens')
      .select(['subject_id as platform', 'created_at'])
      .where('household_id', '=', householdId)
      .where('scope', '=', 'link')
      .where('revoked_at', 'is', null)
      .execute();
    return (['alexa', 'google'] as const)
      .map((platform) => {
        const a = accounts.filter((r) => r.platform === platform);
        const t = tokens.filter((r) => r.platform === platform);
        const since = [...a, ...t].map((r) => r.created_at).sort()[0];
        return { platform, accounts: a.length, tokens: t.length, since };
      })
      .filter((l): l is { platform: 'alexa' | 'google'; accounts: number; tokens: number; since: string } => l.since !== undefined);
  }

  /**
   * Unlinks a platform from the household: its paired accounts and their conversation state go,
   * and every link token it holds is revoked in the same transaction, so nothing it leaves works.
   * Returns false when there was nothing to unlink.
   */
  async unlink(householdId: string, platform: 'alexa' | 'google', revokeTokens: (tx: Queryable) => Promise<number>): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const users = await tx.selectFrom('skill_links').select('user_hash').where('household_id', '=', householdId).where('platform', '=', platform).execute();
      if (users.length > 0) {
        await tx.deleteFrom('skill_states').where('platform', '=', platform).where('user_hash', 'in', users.map((u) => u.user_hash)).execute();
        await tx.deleteFrom('skill_links').where('household_id', '=', householdId).where('platform', '=', platform).execute();
      }
      const revoked = await revokeTokens(tx);
      return users.length + revoked > 0;
    });
  }

  async loadState(platform: VoicePlatform, userId: string): Promise<StoredAttributes> {
    const row = await this.store.db
      .selectFrom('skill_states')
      .select('attributes')
      .where('platform', '=', platform)
      .where('user_hash', '=', hashToken(userId))
      .executeTakeFirst();
    if (!row) return {};
    const parsed = JSON.parse(row.attributes) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as StoredAttributes) : {};
  }

  async saveState(platform: VoicePlatform, userId: string, householdId: string | null, attributes: StoredAttributes): Promise<void> {
    const userHash = hashToken(userId);
    const values = { attributes: JSON.stringify(attributes), household_id: householdId, updated_at: this.clock.now().toISOString() };
    await this.store.db
      .insertInto('skill_states')
      .values({ platform, user_hash: userHash, ...values })
      .onConflict((oc) => oc.columns(['platform', 'user_hash']).doUpdateSet(values))
      .execute();
  }

  async deleteState(platform: VoicePlatform, userId: string): Promise<void> {
    await this.store.db.deleteFrom('skill_states').where('platform', '=', platform).where('user_hash', '=', hashToken(userId)).execute();
  }

  /** Proactive Events need the Alexa user id itself; kept only while the person allows them. */
  async setEventSubscription(userId: string, householdId: string | null, eventNames: readonly string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.deleteFrom('alexa_event_subscriptions').where('user_id', '=', userId).execute();
      // Withdrawn altogether (or the skill disabled): nothing more is sent to them, nor kept about it.
      if (eventNames.length === 0) await tx.deleteFrom('alexa_event_outbox').where('user_id', '=', userId).execute();
      if (eventNames.length > 0 && householdId) {
        await tx.insertInto('alexa_event_subscriptions').values({ user_id: userId, household_id: householdId, created_at: this.clock.now().toISOString(), event_names: JSON.stringify([...eventNames].sort()) }).execute();
      }
    });
  }

  /** The Alexa users of a household who allowed `eventName`, in the order they allowed it. */
  async eventSubscribers(householdId: string, eventName: string, db: Queryable = this.store.db): Promise<string[]> {
    const rows = await db.selectFrom('alexa_event_subscriptions').select(['user_id', 'event_names']).where('household_id', '=', householdId).orderBy('created_at').execute();
    return rows.filter((r) => (JSON.parse(r.event_names) as string[]).includes(eventName)).map((r) => r.user_id);
  }
}
