/** Data sources a household must consent to before Miroir collects or uses them. */
export const CONSENT_SOURCES = ['calendars', 'location', 'telemetry', 'voice_personalisation', 'feedback_learning'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface ConsentsTable {
  household_id: string;
  source: ConsentSource;
  granted: number;
  updated_at: string;
}

export interface PrivacyTables {
  consents: ConsentsTable;
}
