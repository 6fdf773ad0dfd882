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

/**
 * The mirror shows a six-digit code (POST /api/v1/pairing/code); saying it links this device.
 * Wrong codes are counted by the server, per caller and across the service (not in this
 * conversation's state, which a platform may reset), and lock guessing out for ten minutes.
 */
export const linkDevice: Handler = async (ctx) => {
  const spoken = slotRaw(ctx, 'code');
  if (!spoken) return reply(ctx, 'skills.link.askCode', { repromptKey: 'skills.link.askCode', directives: [{ type: 'elicit', slot: 'code' }] });
  const outcome = await ctx.services.redeemPairingCode(parseCode(spoken), { platform: ctx.request.channel, userId: ctx.request.callerId });
  if (outcome.kind === 'locked') return reply(ctx, 'skills.link.tooManyTries', { end: true });
  if (outcome.kind === 'wrong') return reply(ctx, 'skills.link.invalid', { repromptKey: 'skills.link.askCode', directives: [{ type: 'elicit', slot: 'code' }] });
  return reply(ctx, 'skills.link.done', { directives: [{ type: 'link', householdId: outcome.householdId }], repromptKey: 'skills.welcomeReprompt' });
};
