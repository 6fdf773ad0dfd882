import { createHash, randomUUID } from 'node:crypto';
import { money, parseQuantity } from '../format';
import type { OrderFacts } from '../services';
import { reply, slotRaw, withoutPending, type LinkedContext, type LinkedHandler } from './context';

function orderParams(ctx: LinkedContext, order: OrderFacts): Record<string, string | number> {
  return {
    product: order.supplyName,
    quantity: order.quantity,
    total: money(order.total, order.currency, ctx.request.locale),
    statusKey: `skills.status.${order.status}`,
  };
}

export const runningLow: LinkedHandler = async (ctx) => {
  const low = (await ctx.services.supplies(ctx.household.id)).filter((s) => s.low);
  if (low.length === 0) return reply(ctx, 'skills.supplies.allGood');
  const names = low.map((s) => s.name);
  return reply(ctx, 'skills.supplies.low', {
    params: { count: low.length, items: new Intl.ListFormat(ctx.request.locale, { type: 'conjunction' }).format(names) },
    card: { titleKey: 'skills.supplies.cardTitle', textKey: 'skills.supplies.low', params: { count: low.length, items: names.join(', ') } },
  });
};

/**
 * Ordering is two turns, always: a quote spoken with product, quantity and price, then the
 * person's yes. Only the quote kept in the state is ordered, never what a later turn re-sends.
 */
export const reorderSupply: LinkedHandler = async (ctx) => {
  const { confirmation, state } = ctx.request;
  const pending = state.pending?.intent === 'ReorderSupply' ? state.pending : null;
  if (confirmation === 'denied') return reply(ctx, 'skills.order.notPlaced', { state: withoutPending(state) });
  if (confirmation === 'confirmed' && pending) {
    const key = createHash('sha256').update(`${ctx.request.channel}:${ctx.request.conversationId}:${pending.key}`).digest('hex').slice(0, 40);
    // The price heard is carried: a different price now is refused, never ordered. Over a cap only when the question said so.
    const order = await ctx.services.order(ctx.household.id, {
      supplyId: pending.supplyId,
      quantity: pending.quantity,
      idempotencyKey: key,
      channel: ctx.request.channel,
      confirmedTotal: pending.total,
      confirmedCurrency: pending.currency,
      overrideCap: pending.overrideCap === true,
    });
    // Spoken with the product name the person agreed to, not the supply's household name.
    return reply(ctx, 'skills.order.placed', { params: { ...orderParams(ctx, order), product: pending.productName }, state: withoutPending(state) });
  }
  const spoken = slotRaw(ctx, 'supply');
  if (!spoken) {
    return reply(ctx, 'skills.order.askSupply', { repromptKey: 'skills.order.askSupply', directives: [{ type: 'elicit', slot: 'supply' }] });
  }
  const supply = await ctx.services.findSupply(ctx.household.id, spoken, ctx.request.locale);
  if (!supply) return reply(ctx, 'skills.order.unknownSupply', { params: { name: spoken }, state: withoutPending(state) });
  const quote = await ctx.services.quote(ctx.household.id, supply.id, parseQuantity(slotRaw(ctx, 'quantity')));
  const params = { product: quote.productName, quantity: quote.quantity, total: money(quote.total, quote.currency, ctx.request.locale) };
  // Over a spending cap, the question says so: a yes to it is the explicit go-ahead.
  const confirmKey = quote.overCap ? 'skills.order.confirmOverCap' : 'skills.order.confirm';
  return reply(ctx, confirmKey, {
    params,
    repromptKey: 'skills.order.confirmReprompt',
    card: { titleKey: 'skills.order.cardTitle', textKey: confirmKey, params },
    directives: [{ type: 'confirm' }],
    state: {
      ...state,
      pending: {
        intent: 'ReorderSupply',
        supplyId: quote.supplyId,
        quantity: quote.quantity,
        total: quote.total,
        currency: quote.currency,
        productName: quote.productName,
        key: randomUUID(),
        overrideCap: quote.overCap,
      },
    },
  });
};

export const approveProposals: LinkedHandler = async (ctx) => {
  const { confirmation, state } = ctx.request;
  const pending = state.pending?.intent === 'ApproveProposals' ? state.pending : null;
  if (confirmation === 'denied') return reply(ctx, 'skills.proposals.notApproved', { state: withoutPending(state) });
  if (confirmation === 'confirmed' && pending) {
    const approved: OrderFacts[] = [];
    for (const [i, id] of pending.orderIds.entries()) {
      approved.push(await ctx.services.approve(ctx.household.id, id, ctx.request.channel, { total: pending.totals?.[i], overrideCap: pending.overrideCap === true }));
    }
    return reply(ctx, 'skills.proposals.approved', { params: { count: approved.length }, state: withoutPending(state) });
  }
  const proposals = await ctx.services.proposals(ctx.household.id);
  if (proposals.length === 0) return reply(ctx, 'skills.proposals.none', { state: withoutPending(state) });
  const lines = proposals.map((p) => `${p.quantity} × ${p.supplyName} (${money(p.total, p.currency, ctx.request.locale)})`);
  const params = { count: proposals.length, items: new Intl.ListFormat(ctx.request.locale, { type: 'conjunction' }).format(lines) };
  const overCap = proposals.some((p) => p.overCap);
  const confirmKey = overCap ? 'skills.proposals.confirmOverCap' : 'skills.proposals.confirm';
  return reply(ctx, confirmKey, {
    params,
    repromptKey: 'skills.proposals.confirmReprompt',
    card: { titleKey: 'skills.proposals.cardTitle', textKey: confirmKey, params },
    // Named: asked on opening the skill, this question has no intent of its own to confirm.
    directives: [{ type: 'confirm', intent: 'ApproveProposals' }],
    state: { ...state, pending: { intent: 'ApproveProposals', orderIds: proposals.map((p) => p.id), totals: proposals.map((p) => p.total), overrideCap: overCap } },
  });
};

export const orderStatus: LinkedHandler = async (ctx) => {
  const order = await ctx.services.latestOrder(ctx.household.id);
  if (!order) return reply(ctx, 'skills.orderStatus.none');
  return reply(ctx, 'skills.orderStatus.current', { params: orderParams(ctx, order) });
};

export const cancelLastOrder: LinkedHandler = async (ctx) => {
  const { confirmation, state } = ctx.request;
  const pending = state.pending?.intent === 'CancelLastOrder' ? state.pending : null;
  if (confirmation === 'denied') return reply(ctx, 'skills.cancel.kept', { state: withoutPending(state) });
  if (confirmation === 'confirmed' && pending) {
    const order = await ctx.services.cancel(ctx.household.id, pending.orderId, ctx.request.channel);
    return reply(ctx, 'skills.cancel.done', { params: orderParams(ctx, order), state: withoutPending(state) });
  }
  const order = await ctx.services.latestOrder(ctx.household.id);
  if (!order) return reply(ctx, 'skills.orderStatus.none');
  if (!order.cancellable) return reply(ctx, 'skills.cancel.tooLate', { params: orderParams(ctx, order) });
  const params = orderParams(ctx, order);
  return reply(ctx, 'skills.cancel.confirm', {
    params,
    repromptKey: 'skills.cancel.confirmReprompt',
    directives: [{ type: 'confirm' }],
    state: { ...state, pending: { intent: 'CancelLastOrder', orderId: order.id } },
  });
};
