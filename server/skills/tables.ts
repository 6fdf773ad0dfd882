import type { Generated } from 'kysely';

/** Tables owned by the skills capability (the store's schema picks them up). */

/** Short-lived codes the mirror shows to link a voice assistant; only their hash is kept. */
export interface PairingCodesTable {
  id: string;
  household_id: string;
  code_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** Which household an Alexa user (or another platform's user id) speaks for. */
export interface SkillLinksTable {
  platform: string;
  /** SHA-256 of the platform's user id: the raw id is an identifier we do not need to keep. */
  user_hash: string;
  household_id: string;
  created_at: string;
}

/** Conversation state per platform user (the ask-sdk persistence adapter writes here). */
export interface SkillStatesTable {
  platform: string;
  user_hash: string;
  household_id: string | null;
  /** JSON object. */
  attributes: string;
  updated_at: string;
}

/** One wrong pairing code said; kept a day, counted over the last ten minutes. */
/** Alexa users who allowed Proactive Events (order updates, message alerts); removed when they withdraw all. */
export interface AlexaEventSubscriptionsTable {
  user_id: string;
  household_id: string;
  created_at: string;
  /** JSON array of the event names this person allowed (`AMAZON.OrderStatus.Updated`, `AMAZON.MessageAlert.Activated`). */
  event_names: Generated<string>;
}

/**
 * A manual night override of the mirror ("Hey Google, turn off the mirror", the app's switch):
 * one row per household at most, ignored once `until` has passed. Its own table, not the
 * household's settings JSON: a voice command must not race a person editing their settings.
 */
/** Up to when the scheduled night starts and ends have been announced (one row per watch). */
export interface MirrorPowerWatchTable {
  name: string;
  checked_until: string;
}

export interface MirrorPowerOverridesTable {
  household_id: string;
  /** `night`: dark now although the schedule says awake; `awake`: lit although it says night. */
  mode: 'night' | 'awake';
  until: string;
  channel: string;
  set_at: string;
}

/**
 * Alexa Proactive Events waiting to leave (or left): one row per event and Alexa user, written
 * when the order changed, sent by `server/alexa-events/outbox.ts` with retries and a lease.
 */
export interface AlexaEventOutboxTable {
  id: string;
  household_id: string;
  user_id: string;
  /** The full Proactive Events body, JSON, built when the event was decided. */
  body: string;
  attempts: number;
  available_at: string;
  lease_until: string | null;
  leased_by: string | null;
  last_error: string | null;
  done_at: string | null;
  created_at: string;
}

export interface SkillsTables {
  mirror_power_overrides: MirrorPowerOverridesTable;
  mirror_power_watch: MirrorPowerWatchTable;
  alexa_event_outbox: AlexaEventOutboxTable;
  alexa_event_subscriptions: AlexaEventSubscriptionsTable;
  pairing_codes: PairingCodesTable;
  skill_links: SkillLinksTable;
  skill_states: SkillStatesTable;
}
