import type { IntentName, LAUNCH, SlotName } from './definition';
import type { OrderChannel } from './services';

export type Confirmation = 'none' | 'confirmed' | 'denied';

/** A slot as the platform heard it: the raw words and, when resolved, the definition's value id. */
export interface SlotInput {
  raw: string;
  id: string | null;
}

/** What the core remembers between turns; each adapter keeps it (Alexa in Miroir's store). */
export interface ConversationState {
  lastOutfit?: { date: string; profileId: string; garmentIds: string[]; explanation: string };
  /** The exact thing a person was asked to confirm; only this is done on their yes. */
  pending?: PendingAction;
  /** Failed orders this person has been told about when opening the skill (said once, newest last). */
  toldFailures?: string[];
}

export type PendingAction =
  /** `key` is drawn when quoting: a retried yes reuses it (one order), a new quote gets a new one. */
  /** `overrideCap` is true only when the question asked said the order goes over a spending cap. */
  | { intent: 'ReorderSupply'; supplyId: string; quantity: number; total: number; currency: string; productName: string; key: string; overrideCap?: boolean }
  /** `totals` are the prices spoken, one per order; `overrideCap` as above. */
  | { intent: 'ApproveProposals'; orderIds: string[]; totals?: number[]; overrideCap?: boolean }
  | { intent: 'CancelLastOrder'; orderId: string };

export interface ConversationRequest {
  intent: IntentName | typeof LAUNCH;
  slots: Partial<Record<SlotName, SlotInput>>;
  /** The platform locale (fr-FR, en-GB…); speech is in its language. */
  locale: string;
  householdId: string | null;
  voicePersonId: string | null;
  confirmation: Confirmation;
  channel: OrderChannel;
  /** Stable for one conversation: it keys idempotent orders so a retried request never orders twice. */
  conversationId: string;
  /** The platform's id of who speaks, when it gives one (Alexa's userId; Google gives none): wrong pairing codes are counted per caller. */
  callerId: string | null;
  state: ConversationState;
}

/** A localized phrase: an i18next key under `skills.` and its parameters. */
export interface Phrase {
  key: string;
  params?: Record<string, string | number>;
}

export type CoreDirective =
  /** Ask a yes/no question about the pending action (Alexa ConfirmIntent, Google Confirmation). */
  | { type: 'confirm'; intent?: IntentName }
  /** Ask for a slot the person did not give. */
  | { type: 'elicit'; slot: SlotName }
  /** Show the outfit on a screen (Alexa APL). */
  | { type: 'showOutfit'; date: string; garments: { name: string; category: string }[]; explanation: string }
  /** Ask for the device's location (Google permission). */
  | { type: 'askLocation' }
  /** The device is now linked to this household; the adapter remembers it. */
  | { type: 'link'; householdId: string };

export interface ConversationReply {
  speechKey: string;
  params: Record<string, string | number>;
  repromptKey?: string;
  card?: { titleKey: string; textKey: string; params?: Record<string, string | number> };
  shouldEndSession: boolean;
  directives: CoreDirective[];
  state: ConversationState;
}

export interface RenderedReply {
  speech: string;
  ssml: string;
  reprompt: string | null;
  /** The reprompt inside <speak>, escaped. */
  repromptSsml: string | null;
  card: { title: string; text: string } | null;
  shouldEndSession: boolean;
  directives: CoreDirective[];
  state: ConversationState;
}
