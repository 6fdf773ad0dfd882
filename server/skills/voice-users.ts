import type { Clock } from '@server/core/clock';
import { hashToken } from '@server/core/ids';
import type { Store } from '@server/store/store';

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
  async setEventSubscription(userId: string, householdId: string | null, subscribed: boolean): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.deleteFrom('alexa_event_subscriptions').where('user_id', '=', userId).execute();
      if (subscribed && householdId) await tx.insertInto('alexa_event_subscriptions').values({ user_id: userId, household_id: householdId, created_at: this.clock.now().toISOString() }).execute();
    });
  }

  async eventSubscribers(householdId: string): Promise<string[]> {
    const rows = await this.store.db.selectFrom('alexa_event_subscriptions').select('user_id').where('household_id', '=', householdId).orderBy('created_at').execute();
    return rows.map((r) => r.user_id);
  }
}
