import type { BenchContext } from '../types';

/**
 * A household of the bench's own, beside the demo household: what a scenario fills (a large
 * wardrobe, a fleet of tanks) stays out of the household the mirror rows render.
 */
export function benchHousehold(ctx: BenchContext, name: string) {
  return ctx.app.households.create({ name, locale: 'fr-FR', timezone: 'Europe/Paris', latitude: 48.85, longitude: 2.35 });
}
