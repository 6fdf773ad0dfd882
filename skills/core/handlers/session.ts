import { parseCode } from '../format';
import { reply, slotRaw, type Handler } from './context';

export const launch: Handler = async (ctx) => {
  if (!ctx.household) return reply(ctx, 'skills.link.needed', { repromptKey: 'skills.link.askCode', card: { titleKey: 'skills.link.cardTitle', textKey: 'skills.link.needed' } });
  return reply(ctx, 'skills.welcome', { repromptKey: 'skills.welcomeReprompt' });
};

export const help: Handler = async (ctx) => reply(ctx, 'skills.help', { repromptKey: 'skills.welcomeReprompt', card: { titleKey: 'skills.helpTitle', textKey: 'skills.help' } });

export const stop: Handler = async (ctx) => {
  const { pending: _pending, ...state } = ctx.request.state;
  return reply(ctx, 'skills.stop', { end: true, state });
};

export const fallback: Handler = async (ctx) => reply(ctx, 'skills.fallback', { repromptKey: 'skills.welcomeReprompt' });

/** Wrong codes allowed per window; a code lives as long as the window, so guessing cannot catch up. */
export const MAX_LINK_FAILURES = 5;
const LINK_WINDOW_MS = 10 * 60_000;

/** The mirror shows a six-digit code (POST /api/v1/pairing/code); saying it links this device. */
export const linkDevice: Handler = async (ctx) => {
  const now = ctx.services.clock.now();
  const { state } = ctx.request;
  const recent = state.linkFailures && now.getTime() - Date.parse(state.linkFailures.since) < LINK_WINDOW_MS ? state.linkFailures : undefined;
  if (recent && recent.count >= MAX_LINK_FAILURES) return reply(ctx, 'skills.link.tooManyTries', { end: true });
  const spoken = slotRaw(ctx, 'code');
  if (!spoken) return reply(ctx, 'skills.link.askCode', { repromptKey: 'skills.link.askCode', directives: [{ type: 'elicit', slot: 'code' }] });
  const code = parseCode(spoken);
  const householdId = code ? await ctx.services.redeemPairingCode(code) : null;
  if (!householdId) {
    const linkFailures = { count: (recent?.count ?? 0) + 1, since: recent?.since ?? now.toISOString() };
    return reply(ctx, 'skills.link.invalid', { repromptKey: 'skills.link.askCode', directives: [{ type: 'elicit', slot: 'code' }], state: { ...state, linkFailures } });
  }
  const { linkFailures: _cleared, ...rest } = state;
  return reply(ctx, 'skills.link.done', { directives: [{ type: 'link', householdId }], repromptKey: 'skills.welcomeReprompt', state: rest });
};
