import { localTemperature } from '@server/core/units';
import { clockTime, listOf, resolveDay, weekdayName } from '../format';
import type { GarmentFacts, SuggestionFacts } from '../services';
import type { ConversationReply } from '../types';
import { reply, slotId, type LinkedContext, type LinkedHandler } from './context';

const RATINGS = ['like', 'dislike', 'too_warm', 'too_cold'] as const;

/** "today", "tomorrow" or "on Monday", in the request's language. */
function whenParams(ctx: LinkedContext, date: string, dayId: string): { whenKey: string; weekday: string } {
  const whenKey = dayId === 'today' || dayId === 'tomorrow' ? `skills.day.${dayId}` : 'skills.day.on';
  return { whenKey, weekday: weekdayName(date, ctx.request.locale) };
}

async function topOutfit(ctx: LinkedContext, date: string): Promise<{ suggestion: SuggestionFacts; garments: GarmentFacts[] } | null> {
  const profile = await ctx.profile();
  const suggestion = await ctx.services.suggest(ctx.household.id, { profileId: profile.id, date });
  const top = suggestion.outfits[0];
  if (!top) return null;
  const garments = await ctx.services.garments(ctx.household.id, top.garmentIds);
  return { suggestion, garments };
}

export const suggestOutfit: LinkedHandler = async (ctx) => {
  const { date, dayId } = resolveDay(slotId(ctx, 'day'), ctx.household.timezone, ctx.services.clock);
  const occasion = slotId(ctx, 'occasion');
  const when = whenParams(ctx, date, dayId);
  const found = await topOutfit(ctx, date);
  if (!found) return reply(ctx, 'skills.outfit.none', { params: { ...when } });
  const { suggestion, garments } = found;
  const top = suggestion.outfits[0];
  const profile = await ctx.profile();
  // Speech stays short: accessories are in the "take along" sentence; the card lists everything.
  const worn = garments.filter((g) => g.category !== 'accessory');
  const params: Record<string, string | number> = {
    ...when,
    garments: listOf((worn.length > 0 ? worn : garments).map((g) => g.name), ctx.request.locale),
    allGarments: listOf(garments.map((g) => g.name), ctx.request.locale),
    explanation: top.explanation,
    occasionKey: occasion ? `skills.occasion.${occasion}` : '',
    // Resolved by the renderer: `xKey` params are translated, `xKeys` translated and listed.
    itemsKeys: suggestion.bring.map((item) => `skills.bring.${item}`).join('|'),
    bringKey: suggestion.bring.length > 0 ? 'skills.outfit.bring' : '',
  };
  return reply(ctx, occasion ? 'skills.outfit.suggestFor' : 'skills.outfit.suggest', {
    params,
    card: { titleKey: 'skills.outfit.cardTitle', textKey: 'skills.outfit.cardText', params },
    directives: [{ type: 'showOutfit', date, garments: garments.map((g) => ({ name: g.name, category: g.category })), explanation: top.explanation }],
    state: { ...ctx.request.state, lastOutfit: { date, profileId: profile.id, garmentIds: top.garmentIds, explanation: top.explanation } },
  });
};

export const explainOutfit: LinkedHandler = async (ctx) => {
  const last = ctx.request.state.lastOutfit;
  if (last) return reply(ctx, 'skills.outfit.explain', { params: { explanation: last.explanation } });
  const { date } = resolveDay(null, ctx.household.timezone, ctx.services.clock);
  const found = await topOutfit(ctx, date);
  if (!found) return reply(ctx, 'skills.outfit.none', { params: whenParams(ctx, date, 'today') });
  return reply(ctx, 'skills.outfit.explain', { params: { explanation: found.suggestion.outfits[0].explanation } });
};

export const outfitFeedback: LinkedHandler = async (ctx) => {
  const rating = RATINGS.find((r) => r === slotId(ctx, 'rating'));
  if (!rating) {
    return reply(ctx, 'skills.feedback.ask', { repromptKey: 'skills.feedback.ask', directives: [{ type: 'elicit', slot: 'rating' }] });
  }
  const profile = await ctx.profile();
  let target = ctx.request.state.lastOutfit;
  if (!target || target.profileId !== profile.id) {
    // Without a conversation about an outfit, the feedback is about today's, the one on the mirror.
    const { date } = resolveDay(null, ctx.household.timezone, ctx.services.clock);
    const found = await topOutfit(ctx, date);
    if (!found) return reply(ctx, 'skills.outfit.none', { params: whenParams(ctx, date, 'today') });
    const top = found.suggestion.outfits[0];
    target = { date, profileId: profile.id, garmentIds: top.garmentIds, explanation: top.explanation };
  }
  await ctx.services.feedback(ctx.household.id, { profileId: profile.id, garmentIds: target.garmentIds, rating, date: target.date });
  return reply(ctx, `skills.feedback.${rating}`, { state: { ...ctx.request.state, lastOutfit: target } });
};

async function weatherOrExplain(ctx: LinkedContext, date: string): Promise<ConversationReply | { facts: NonNullable<Awaited<ReturnType<LinkedContext['services']['weather']>>> }> {
  const profile = await ctx.profile();
  const facts = await ctx.services.weather(ctx.household.id, { profileId: profile.id, date });
  if (facts) return { facts };
  if (!ctx.household.hasLocation) {
    return reply(ctx, 'skills.weather.noLocation', { directives: [{ type: 'askLocation' }] });
  }
  return reply(ctx, 'skills.weather.unavailable');
}

export const needUmbrella: LinkedHandler = async (ctx) => {
  const { date, dayId } = resolveDay(slotId(ctx, 'day'), ctx.household.timezone, ctx.services.clock);
  const result = await weatherOrExplain(ctx, date);
  if (!('facts' in result)) return result;
  const { facts } = result;
  const params = { ...whenParams(ctx, date, dayId), probability: Math.round(facts.maxPrecipitationProbability) };
  // "Rain likely" is the day context's judgement (firstWetHour); the core only says it.
  if (facts.firstWetHour) {
    return reply(ctx, 'skills.umbrella.yes', { params: { ...params, time: clockTime(facts.firstWetHour, ctx.household.timezone, ctx.request.locale) } });
  }
  return reply(ctx, 'skills.umbrella.no', { params });
};

export const needCoat: LinkedHandler = async (ctx) => {
  const { date, dayId } = resolveDay(slotId(ctx, 'day'), ctx.household.timezone, ctx.services.clock);
  const result = await weatherOrExplain(ctx, date);
  if (!('facts' in result)) return result;
  // Spoken in the unit the household reads (°F in the US); the words "degrees" fit both.
  const degrees = (celsius: number) => Math.round(localTemperature(celsius, ctx.request.locale, ctx.household.units).value);
  const params = { ...whenParams(ctx, date, dayId), min: degrees(result.facts.minApparentTemperature), max: degrees(result.facts.maxApparentTemperature) };
  // Whether a coat is needed is the outfit engine's call: its best outfit has outerwear or not.
  const found = await topOutfit(ctx, date);
  const coat = found?.garments.find((g) => g.category === 'outerwear');
  if (coat) return reply(ctx, 'skills.coat.yes', { params: { ...params, coat: coat.name } });
  return reply(ctx, 'skills.coat.no', { params });
};
