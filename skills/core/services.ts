import type { Clock } from '@server/core/clock';
import type { UnitSystem } from '@server/core/units';

/**
 * What the conversation core needs from the rest of Miroir, and nothing more. The server fills
 * it from the app's services (server/skills/services.ts); the core only calls and phrases. The
 * shapes here are the subset of each service's result that is spoken.
 */
export interface HouseholdFacts {
  id: string;
  locale: string;
  timezone: string;
  currency: string;
  /** The household's chosen units (°C or °F spoken); the request locale's when absent. */
  units?: UnitSystem;
  hasLocation: boolean;
}

export interface ProfileFacts {
  id: string;
  name: string;
}

export interface GarmentFacts {
  id: string;
  name: string;
  category: string;
  kind: string;
}

export interface OutfitFacts {
  garmentIds: string[];
  explanation: string;
}

export interface SuggestionFacts {
  outfits: OutfitFacts[];
  bring: string[];
}

export interface WeatherFacts {
  firstWetHour: string | null;
  maxPrecipitationProbability: number;
  minApparentTemperature: number;
  maxApparentTemperature: number;
}

export interface SupplyFacts {
  id: string;
  name: string;
  unit: string;
  level: number;
  daysLeft: number | null;
  /** The supplies service's own judgement that this one needs buying. */
  low: boolean;
}

export interface QuoteFacts {
  supplyId: string;
  productName: string;
  quantity: number;
  total: number;
  currency: string;
  /** The order would go over the supply's spending cap: the question must say so, and only a yes to that question goes over it. */
  overCap: boolean;
}

export interface OrderFacts {
  id: string;
  supplyName: string;
  quantity: number;
  total: number;
  currency: string;
  status: string;
  cancellable: boolean;
  /** A proposal waiting because it is over a spending cap: approving it goes over the cap. */
  overCap: boolean;
}

export type FeedbackRating = 'like' | 'dislike' | 'too_warm' | 'too_cold';
/** Who is talking: a voice platform, or an operator trying the model with `miroir say` (the API). */
export type OrderChannel = 'alexa' | 'google' | 'api';

export interface ConversationServices {
  clock: Clock;
  household(householdId: string): Promise<HouseholdFacts>;
  /** The profile a recognised speaker maps to, else the household's default one. */
  profile(householdId: string, voicePersonId: string | null): Promise<ProfileFacts>;
  setLocation(householdId: string, latitude: number, longitude: number): Promise<void>;
  suggest(householdId: string, input: { profileId: string; date: string }): Promise<SuggestionFacts>;
  feedback(householdId: string, input: { profileId: string; garmentIds: string[]; rating: FeedbackRating; date: string }): Promise<void>;
  garments(householdId: string, garmentIds: string[]): Promise<GarmentFacts[]>;
  weather(householdId: string, input: { profileId: string; date: string }): Promise<WeatherFacts | null>;
  supplies(householdId: string): Promise<SupplyFacts[]>;
  findSupply(householdId: string, spokenName: string, locale: string): Promise<SupplyFacts | null>;
  quote(householdId: string, supplyId: string, quantity: number | null): Promise<QuoteFacts>;
  /** Refused when the price now differs from `confirmedTotal`, or when over a cap without `overrideCap`. */
  order(
    householdId: string,
    input: { supplyId: string; quantity: number; idempotencyKey: string; channel: OrderChannel; confirmedTotal: number; confirmedCurrency: string; overrideCap: boolean },
  ): Promise<OrderFacts>;
  proposals(householdId: string): Promise<OrderFacts[]>;
  approve(householdId: string, orderId: string, channel: OrderChannel, confirmed: { total?: number; overrideCap: boolean }): Promise<OrderFacts>;
  latestOrder(householdId: string): Promise<OrderFacts | null>;
  cancel(householdId: string, orderId: string, channel: OrderChannel): Promise<OrderFacts>;
  /**
   * Redeems a pairing code shown on the mirror: the household it was issued for, once. Wrong codes
   * are counted by the server per caller and across the service; past the limit, `locked`.
   */
  redeemPairingCode(code: string | null, caller: { platform: string; userId: string | null }): Promise<PairingOutcome>;
}

export type PairingOutcome = { kind: 'linked'; householdId: string } | { kind: 'wrong' } | { kind: 'locked' };
