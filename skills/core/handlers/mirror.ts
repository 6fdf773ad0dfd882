import { DateTime } from 'luxon';
import { clockTime, weekdayName } from '../format';
import { reply, type LinkedContext, type LinkedHandler } from './context';

/** Said with the day when the override lasts past today ("until Tuesday 06:30"), else the time alone. */
function until(ctx: LinkedContext, iso: string): string {
  const zone = ctx.household.timezone;
  const time = clockTime(iso, zone, ctx.request.locale);
  const at = DateTime.fromISO(iso, { zone });
  if (at.hasSame(DateTime.fromJSDate(ctx.services.clock.now(), { zone }), 'day')) return time;
  return `${weekdayName(at.toISODate()!, ctx.request.locale)} ${time}`;
}

/** "Alexa, ask Miroir to turn off the mirror": the same night override as Google's OnOff and the app's switch. */
export const mirrorNight: LinkedHandler = async (ctx) => {
  const state = await ctx.services.setMirrorAwake(ctx.household.id, false, ctx.request.channel);
  return reply(ctx, 'skills.mirror.night', { params: { until: state.until ? until(ctx, state.until) : '' } });
};

export const mirrorWake: LinkedHandler = async (ctx) => {
  const state = await ctx.services.setMirrorAwake(ctx.household.id, true, ctx.request.channel);
  return reply(ctx, state.until ? 'skills.mirror.awakeUntil' : 'skills.mirror.awake', { params: { until: state.until ? until(ctx, state.until) : '' } });
};
