/**
 * How adapters remember who a platform user is and what they were saying: filled by the server
 * (server/skills/voice-users.ts and the households' link tokens).
 */
export type VoicePlatform = 'alexa' | 'google' | 'cli';

export interface VoiceLinks {
  householdOf(platform: VoicePlatform, userId: string): Promise<string | null>;
  link(platform: VoicePlatform, userId: string, householdId: string): Promise<void>;
  loadState(platform: VoicePlatform, userId: string): Promise<Record<string, unknown>>;
  saveState(platform: VoicePlatform, userId: string, householdId: string | null, attributes: Record<string, unknown>): Promise<void>;
  deleteState(platform: VoicePlatform, userId: string): Promise<void>;
  /**
   * OAuth account-linking tokens (link scope) and Google's stored link resolve here, only for the
   * platform they were issued to (an Alexa link's token does not speak on Google).
   */
  householdForLinkToken(token: string, platform: VoicePlatform): Promise<string | null>;
  issueLinkToken(householdId: string, platform: VoicePlatform): Promise<string>;
  /** The Proactive Events an Alexa user allowed (none: withdrawn); each kind goes only to those who allowed it. */
  setEventSubscription(userId: string, householdId: string | null, eventNames: readonly string[]): Promise<void>;
}
