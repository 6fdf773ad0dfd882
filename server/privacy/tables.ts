/** Data sources a household must consent to before Miroir collects or uses them. */
export const CONSENT_SOURCES = ['calendars', 'location', 'telemetry', 'voice_personalisation', 'feedback_learning'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface ConsentsTable {
  household_id: string;
  source: ConsentSource;
  granted: number;
  updated_at: string;
}

/** Privacy actions a household took (consent changes, exports). Orders keep their own trail in `order_events`. */
export interface PrivacyAuditTable {
  id: string;
  household_id: string;
  action: string;
  /** `household_token`, `device`, `system`…: who or what acted. */
  actor: string;
  /** `api`, `mirror`, `alexa`, `google`, `job`. */
  channel: string;
  /** The token that made the request, when one did (its id, never the token). */
  token_id: string | null;
  /** JSON: what changed. */
  detail: string | null;
  at: string;
}

/** Device readings older than the retention age, folded into one row per supply per UTC day. */
export interface TelemetryDailyTable {
  household_id: string;
  supply_id: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  count: number;
  min_level: number;
  max_level: number;
  mean_level: number;
  last_level: number;
  last_at: string;
  first_at: string;
}

/** `POST /api/v1/household/erase-confirmation` answers; `DELETE /api/v1/household` spends one. Only the hash is kept. */
export interface EraseConfirmationsTable {
  id: string;
  household_id: string;
  /** The token that asked: only the same token may spend it. */
  token_id: string;
  code_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface PrivacyTables {
  erase_confirmations: EraseConfirmationsTable;
  consents: ConsentsTable;
  privacy_audit: PrivacyAuditTable;
  telemetry_daily: TelemetryDailyTable;
}
