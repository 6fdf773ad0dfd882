import type { ConversationServices, HouseholdFacts, ProfileFacts } from '../services';
import type { ConversationReply, ConversationRequest, ConversationState, CoreDirective } from '../types';

/** What every handler gets: the request, the services, and (for linked devices) the household. */
export interface HandlerContext {
  request: ConversationRequest;
  services: ConversationServices;
  household: HouseholdFacts | null;
  /** Resolves the speaker's profile once per request. */
  profile(): Promise<ProfileFacts>;
}

export interface LinkedContext extends HandlerContext {
  household: HouseholdFacts;
}

export type Handler = (ctx: HandlerContext) => Promise<ConversationReply>;
export type LinkedHandler = (ctx: LinkedContext) => Promise<ConversationReply>;

export interface ReplyOptions {
  params?: Record<string, string | number>;
  /** Keeps the session open and says this if the person stays silent. */
  repromptKey?: string;
  card?: ConversationReply['card'];
  directives?: CoreDirective[];
  state?: ConversationState;
  end?: boolean;
}

/** A reply that keeps the request's state unless told otherwise. */
export function reply(ctx: HandlerContext, speechKey: string, options: ReplyOptions = {}): ConversationReply {
  const end = options.end ?? !options.repromptKey;
  return {
    speechKey,
    params: options.params ?? {},
    repromptKey: options.repromptKey,
    card: options.card,
    shouldEndSession: end,
    directives: options.directives ?? [],
    state: options.state ?? ctx.request.state,
  };
}

export function slotId(ctx: HandlerContext, name: keyof ConversationRequest['slots']): string | null {
  return ctx.request.slots[name]?.id ?? null;
}

export function slotRaw(ctx: HandlerContext, name: keyof ConversationRequest['slots']): string | null {
  const raw = ctx.request.slots[name]?.raw?.trim();
  return raw ? raw : null;
}

export function withoutPending(state: ConversationState): ConversationState {
  const { pending: _pending, ...rest } = state;
  return rest;
}
