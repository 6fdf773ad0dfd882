/**
 * The API shapes the app reads and writes. Server types are imported type-only (erased from the
 * browser bundle), so a field renamed on the server fails to compile here too; no shape is
 * restated by hand when the server has one.
 */
import type { Static } from '@sinclair/typebox';
import type { HouseholdSchema, JoinCodeSchema, ProfileSchema, TokenSchema } from '@server/households/schemas';
import type { LinkSchema } from '@server/oauth/schemas';
import type { PairingCodeResponse, VoiceLinksResponse } from '@server/skills/schemas';
import type { KindList, NewGarmentBody } from '@server/wardrobe/schemas';
import type { DeviceSchema, NewSupplyBody, SupplyHistory } from '@server/supplies/schemas';
import type { AuditResponse, ConsentsResponse } from '@server/privacy/schemas';
import type { CalendarSchema } from '@server/calendar/schemas';

export type { KindList, SupplyHistory };
export type NewSupply = NewSupplyBody;

export type Household = Static<typeof HouseholdSchema>;
export type Profile = Static<typeof ProfileSchema>;
export type GarmentKind = KindList['kinds'][number];
export type NewGarment = NewGarmentBody;
export type { Garment } from '@server/wardrobe/service';
export type { Category, Formality } from '@server/wardrobe/kinds';
export type { Suggestion, FeedbackRating, BringItem } from '@server/outfits/types';
export type { Supply, SupplyPolicy, PolicyMode } from '@server/supplies/types';
export type { Order } from '@server/orders/types';
export type { StreamMessage } from '@server/mirror/messages';
export type { Product } from '@server/orders/stores/types';
export type Consents = Static<typeof ConsentsResponse>['consents'];
export type AuditEntry = Static<typeof AuditResponse>['entries'][number];
export type { ConsentSource } from '@server/privacy/tables';
export type { OrderStatus, ProductCost } from '@server/orders/types';
export type Calendar = Static<typeof CalendarSchema>;
export type Device = Static<typeof DeviceSchema>;
export type JoinCode = Static<typeof JoinCodeSchema>;
export type TokenInfo = Static<typeof TokenSchema>;
export type OAuthLink = Static<typeof LinkSchema>;
export type VoiceLink = Static<typeof VoiceLinksResponse>['links'][number];
export type PairingCode = PairingCodeResponse;
