import type { PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { VoiceLinks } from '@skills/core/links';

/** The Alexa user a request speaks for; null for requests without one (some skill events). */
export const userIdOf = (envelope: RequestEnvelope): string | null => envelope.context?.System?.user?.userId ?? envelope.session?.user?.userId ?? null;

/** ask-sdk persistent attributes kept in Miroir's store, per Alexa user. */
export class StorePersistenceAdapter implements PersistenceAdapter {
  constructor(private readonly links: VoiceLinks) {}

  async getAttributes(envelope: RequestEnvelope): Promise<Record<string, unknown>> {
    const userId = userIdOf(envelope);
    return userId ? this.links.loadState('alexa', userId) : {};
  }

  async saveAttributes(envelope: RequestEnvelope, attributes: Record<string, unknown>): Promise<void> {
    const userId = userIdOf(envelope);
    if (!userId) return;
    const householdId = typeof attributes.householdId === 'string' ? attributes.householdId : null;
    await this.links.saveState('alexa', userId, householdId, attributes);
  }

  async deleteAttributes(envelope: RequestEnvelope): Promise<void> {
    const userId = userIdOf(envelope);
    if (userId) await this.links.deleteState('alexa', userId);
  }
}
