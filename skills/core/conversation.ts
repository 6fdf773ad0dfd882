import { AppError } from '@server/core/errors';
import { Intent, LAUNCH, type IntentName } from './definition';
import { reply, type Handler, type HandlerContext, type LinkedHandler } from './handlers/context';
import { explainOutfit, needCoat, needUmbrella, outfitFeedback, suggestOutfit } from './handlers/outfit';
import { mirrorNight, mirrorWake } from './handlers/mirror';
import { fallback, help, launch, linkDevice, stop } from './handlers/session';
import { approveProposals, cancelLastOrder, orderStatus, reorderSupply, runningLow } from './handlers/supplies';
import type { ConversationServices, ProfileFacts } from './services';
import type { ConversationReply, ConversationRequest } from './types';

/** A handler that needs a linked household; unlinked devices are told how to link. */
function linked(handler: LinkedHandler): Handler {
  return async (ctx) => {
    const household = ctx.household;
    if (!household) {
      return reply(ctx, 'skills.link.needed', { repromptKey: 'skills.link.askCode', card: { titleKey: 'skills.link.cardTitle', textKey: 'skills.link.needed' } });
    }
    return handler({ ...ctx, household });
  };
}

/** Every intent of the definition has exactly one handler: the record's type enforces it. */
export const HANDLERS: Record<IntentName | typeof LAUNCH, Handler> = {
  [LAUNCH]: launch,
  [Intent.SuggestOutfit]: linked(suggestOutfit),
  [Intent.ExplainOutfit]: linked(explainOutfit),
  [Intent.OutfitFeedback]: linked(outfitFeedback),
  [Intent.NeedUmbrella]: linked(needUmbrella),
  [Intent.NeedCoat]: linked(needCoat),
  [Intent.RunningLow]: linked(runningLow),
  [Intent.ReorderSupply]: linked(reorderSupply),
  [Intent.ApproveProposals]: linked(approveProposals),
  [Intent.OrderStatus]: linked(orderStatus),
  [Intent.CancelLastOrder]: linked(cancelLastOrder),
  [Intent.LinkDevice]: linkDevice,
  [Intent.MirrorNight]: linked(mirrorNight),
  [Intent.MirrorWake]: linked(mirrorWake),
  [Intent.Help]: help,
  [Intent.Stop]: stop,
  [Intent.Fallback]: fallback,
};

/**
 * One turn of a conversation: platform-neutral request in, keys and parameters out. A service
 * refusing (an unknown supply, a spending cap) is spoken with its own error key, never thrown at
 * the platform; anything else becomes a short apology and is rethrown for the log by the caller.
 */
export async function converse(services: ConversationServices, request: ConversationRequest): Promise<ConversationReply> {
  const household = request.householdId ? await services.household(request.householdId).catch(() => null) : null;
  let profile: ProfileFacts | null = null;
  const ctx: HandlerContext = {
    request,
    services,
    household,
    async profile() {
      if (!household) throw new AppError('skills.link.needed', 401);
      profile ??= await services.profile(household.id, request.voicePersonId);
      return profile;
    },
  };
  try {
    return await HANDLERS[request.intent](ctx);
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) {
      const { pending: _pending, ...state } = request.state;
      return { ...reply(ctx, err.key, { params: stringParams(err.params), state }), shouldEndSession: true };
    }
    throw err;
  }
}

function stringParams(params: AppError['params']): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = typeof v === 'boolean' ? String(v) : v;
  return out;
}
