export interface HouseholdsTable {
  id: string;
  name: string;
  locale: string;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
  currency: string;
  /** JSON: HouseholdSettings (commute, night mode, …). */
  settings: string;
  created_at: string;
}

export interface ProfilesTable {
  id: string;
  household_id: string;
  name: string;
  locale: string | null;
  /** Alexa `person.personId` or Google user id mapped to this profile, when linked. */
  voice_person_id: string | null;
  is_default: number;
  created_at: string;
}

export type TokenScope = 'household' | 'device' | 'link';

export interface TokensTable {
  id: string;
  household_id: string;
  token_hash: string;
  scope: TokenScope;
  /** The device id for device tokens, the platform (alexa/google) for link tokens. */
  subject_id: string | null;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface HouseholdTables {
  households: HouseholdsTable;
  profiles: ProfilesTable;
  tokens: TokensTable;
}
