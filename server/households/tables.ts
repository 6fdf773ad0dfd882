import type { Generated } from 'kysely';

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
  /** 1 for the household `npm start` seeds to explore; first run replaces it. Since 0016. */
  is_demo: Generated<number>;
  /** 'metric' | 'imperial'; null = what the locale reads. Since 0016. */
  units: string | null;
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
  /** 'warm' | 'neutral' | 'cold': "I run warm / cold". Since 0016. */
  comfort: Generated<string>;
}

/**
 * What a token may do. `owner`: everything. `app` (a person's phone): everything but issuing
 * owner tokens. `display` (the mirror): the reads its page makes, approving or declining a
 * proposal, asking for a pairing code. `device`: its own telemetry. `link`: a voice platform's
 * account link. Before 0010 `owner` was called `household`.
 */
export const TOKEN_SCOPES = ['owner', 'app', 'display', 'device', 'link'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** The scopes a person's token carries (the others belong to a device or a voice platform). */
export const PERSON_SCOPES = ['owner', 'app', 'display'] as const;
export type PersonScope = (typeof PERSON_SCOPES)[number];

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
  /** Set when the secret was replaced (rotate): the row keeps its id, the old secret stops working. */
  rotated_at: string | null;
  /** When the token stops working on its own (OAuth access tokens); null = until revoked. Since 0020. */
  expires_at: string | null;
}

/** What a URL token opens: the event stream, a garment photo, an exported file. */
export const URL_TOKEN_PURPOSES = ['events', 'photo', 'file'] as const;
export type UrlTokenPurpose = (typeof URL_TOKEN_PURPOSES)[number];

/** A short-lived token for one kind of URL, speaking with its parent token's scope while both live. */
export interface UrlTokensTable {
  token_hash: string;
  household_id: string;
  parent_id: string;
  purpose: UrlTokenPurpose;
  expires_at: string;
}

/** A phone join code (join-codes.ts): kept as a hash, ten minutes, used once. Since 0012. */
export interface JoinCodesTable {
  id: string;
  household_id: string;
  code_hash: string;
  /** The token that asked for it (the mirror's, a phone's), for the record. */
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The app token the code was exchanged for. */
  token_id: string | null;
}

/** A wrong join code, counted per address (hashed) and across the service. No household: a guess belongs to none. */
/** A wrong short code (see guess-limit.ts). */
export interface GuessFailuresTable {
  id: string;
  purpose: string;
  /** SHA-256 of who guessed (an address, a voice account); null when unknown (only the service-wide count applies). */
  guesser_hash: string | null;
  at: string;
}

/**
 * First run's move of the demo's open mirrors to the family's household (mirror-claims.ts). No
 * secret: `mirror.moved` names the claim, and only a display token of the demo redeems it. Since 0017.
 */
export interface MirrorClaimsTable {
  id: string;
  /** The demo household whose mirrors may redeem it (erasing the demo removes the claim). */
  household_id: string;
  /** The family's household the redeeming mirror gets a display token of. */
  to_household_id: string;
  created_at: string;
  expires_at: string;
}

/** The demo display tokens live when a claim was made: each may redeem it once. Since 0017. */
export interface MirrorClaimTokensTable {
  claim_id: string;
  /** A display token of the demo. */
  token_id: string;
  /** When it redeemed the claim; null: not yet. */
  used_at: string | null;
  /** The display token of the family's household it got. */
  minted_token_id: string | null;
}

export interface HouseholdTables {
  join_codes: JoinCodesTable;
  mirror_claims: MirrorClaimsTable;
  mirror_claim_tokens: MirrorClaimTokensTable;
  guess_failures: GuessFailuresTable;
  url_tokens: UrlTokensTable;
  households: HouseholdsTable;
  profiles: ProfilesTable;
  tokens: TokensTable;
}
