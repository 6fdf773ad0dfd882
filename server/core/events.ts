/**
 * The domain events that flow on the bus and, for the mirror, over SSE. One typed union shared by
 * the server and the mirror UI (mirror/ui imports this file), so a renamed field fails to compile
 * on both sides. Add a member here when a capability needs a new event.
 */
export interface EventBase<T extends string, P> {
  type: T;
  householdId: string;
  at: string;
  payload: P;
}

export type WeatherUpdated = EventBase<'weather.updated', { stale: boolean; fetchedAt: string | null }>;
export type AgendaUpdated = EventBase<'agenda.updated', { calendarId?: string }>;
export type OutfitReady = EventBase<'outfit.ready', { profileId: string; date: string }>;
export type StockUpdated = EventBase<'stock.updated', { supplyId: string; level: number; daysLeft: number | null }>;
export type StockLow = EventBase<
  'stock.low',
  { supplyId: string; name: string; level: number; unit: string; daysLeft: number | null }
>;
export type ProposalCreated = EventBase<'proposal.created', { orderId: string; supplyId: string }>;
export type OrderUpdated = EventBase<
  'order.updated',
  { orderId: string; supplyId: string; status: string; previousStatus: string | null }
>;
export type Notification = EventBase<
  'notification',
  { key: string; params: Record<string, string | number>; level: 'info' | 'warning' }
>;
/** A supply was created, edited or deleted (what integrations that mirror the supplies list need to follow). */
export type SupplyChanged = EventBase<'supply.changed', { supplyId: string; change: 'created' | 'updated' | 'removed' }>;
export type WardrobeUpdated = EventBase<'wardrobe.updated', { itemId?: string }>;
export type PairingCompleted = EventBase<'pairing.completed', { platform: 'alexa' | 'google' }>;
/** Name, language, zone, settings (night hours, commute) or the people changed: pages rebuild. */
export type HouseholdUpdated = EventBase<'household.updated', Record<string, never>>;
/** The mirror's manual night override was set or cleared (by voice, the app or the page): pages go dark or light up. */
export type MirrorPowerChanged = EventBase<
  'mirror.power',
  { awake: boolean; override: { mode: 'night' | 'awake'; until: string } | null; channel: 'google' | 'alexa' | 'app' | 'mirror' }
>;
/**
 * First run moved this household's mirrors to the family's new household: each page redeems the
 * claim with its own display token (`POST /api/v1/mirror/claim`), keeps the new household's
 * display token it gets, and reloads. Only the claim's id: events are kept in clear (the replay
 * buffer, the fleet's event log), so they never carry a secret.
 */
export type MirrorMoved = EventBase<'mirror.moved', { to: string; claimId: string }>;

export type DomainEvent =
  | WeatherUpdated
  | AgendaUpdated
  | OutfitReady
  | StockUpdated
  | StockLow
  | SupplyChanged
  | ProposalCreated
  | OrderUpdated
  | Notification
  | WardrobeUpdated
  | PairingCompleted
  | HouseholdUpdated
  | MirrorPowerChanged
  | MirrorMoved;

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
