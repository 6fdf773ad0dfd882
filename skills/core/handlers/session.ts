import { parseCode } from '../format';
import { reply, slotRaw, type Handler, type LinkedContext } from './context';
import { approveProposals } from './supplies';

/** A failed order is worth saying on opening the skill for this long; after that the app's history tells it. */
const FAILURE_NEWS_MS = 7 * 24 * 3600_000;
const TOLD_KEPT = 20;

/**
 * Opening the skill says first what waits for the person, which is what the "new message from
 * Miroir" alert announced: a proposal (with its price, asking to approve it), else a recent failed
 * order not told yet (what failed, and whether anything can have been charged), else the welcome.
 */
export const launch: Handler = async (ctx) => {
  if (!ctx.household) return reply(ctx, 'skills.link.needed', { repromptKey: 'skills.link.askCode', card: { titleKey: 'skills.link.cardTitle', textKey: 'skills.link.needed' } });
  const linked: LinkedContext = { ...ctx, household: ctx.household };
  if ((await ctx.services.proposals(ctx.household.id)).length > 0) return approveProposals(linked);
  const told = ctx.request.state.toldFailures ?? [];
  const now = ctx.services.clock.now().getTime();
  const latest = (await ctx.services.failedOrders(ctx.household.id)).find((o) => now - Date.parse(o.updatedAt) <= FAILURE_NEWS_MS && !told.includes(o.id));
  if (latest) {
    return reply(ctx, latest.reachedStore ? 'skills.launch.failedAtStore' : 'skills.launch.failedNothingCharged', {
      params: { quantity: latest.quantity, product: latest.supplyName },
      repromptKey: 'skills.welcomeReprompt',
      card: { titleKey: 'skills.launch.failedTitle', textKey: latest.reachedStore ? 'skills.launch.failedAtStore' : 'skills.launch.failedNothingCharged', params: { quantity: latest.quantity, product: latest.supplyName } },
      state: { ...ctx.request.state, toldFailures: [...told, latest.id].slice(-TOLD_KEPT) },
    });
  }
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
