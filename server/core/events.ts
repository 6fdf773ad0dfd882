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
/**
 * First run moved this household's mirror to the family's new household: the page keeps the new
 * display token and reloads. Sent on the demo household's stream only, which the people holding
 * the demo's tokens (the family setting up) already read; the demo is erased afterwards.
 */
export type MirrorMoved = EventBase<'mirror.moved', { to: string; displayToken: string }>;

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
  | MirrorMoved;

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
