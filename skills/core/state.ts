import type { ConversationState, PendingAction } from './types';

/**
 * State comes back from a platform or the store as untrusted JSON; only well-formed parts are
 * kept, so a malformed attribute can never turn into an order.
 */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 200;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 50 && v.every(isString);

function readPending(v: unknown): PendingAction | undefined {
  if (!isRecord(v)) return undefined;
  // Only an explicit `true` goes over a cap; anything else is no.
  const overrideCap = v.overrideCap === true;
  if (v.intent === 'ReorderSupply' && isString(v.supplyId) && Number.isInteger(v.quantity) && typeof v.total === 'number' && isString(v.currency) && isString(v.productName) && isString(v.key)) {
    return { intent: 'ReorderSupply', supplyId: v.supplyId, quantity: v.quantity as number, total: v.total, currency: v.currency, productName: v.productName, key: v.key, overrideCap };
  }
  if (v.intent === 'ApproveProposals' && isStringArray(v.orderIds)) {
    const totals = Array.isArray(v.totals) && v.totals.length === v.orderIds.length && v.totals.every((n) => typeof n === 'number' && Number.isFinite(n)) ? (v.totals as number[]) : undefined;
    return { intent: 'ApproveProposals', orderIds: v.orderIds, totals, overrideCap };
  }
  if (v.intent === 'CancelLastOrder' && isString(v.orderId)) return { intent: 'CancelLastOrder', orderId: v.orderId };
  return undefined;
}

export function readState(v: unknown): ConversationState {
  if (!isRecord(v)) return {};
  const state: ConversationState = {};
  const last = v.lastOutfit;
  if (isRecord(last) && isString(last.date) && isString(last.profileId) && isStringArray(last.garmentIds) && typeof last.explanation === 'string') {
    state.lastOutfit = { date: last.date, profileId: last.profileId, garmentIds: last.garmentIds, explanation: last.explanation };
  }
  const pending = readPending(v.pending);
  if (pending) state.pending = pending;
  if (isStringArray(v.toldFailures)) state.toldFailures = v.toldFailures;
  return state;
}
