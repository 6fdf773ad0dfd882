import { feltTemperature } from '@models/comfort';
import type { Activity } from '@server/day-context/types';
import type { DaySummary } from './context';

/** What to take along, as stable ids (the mirror and voice translate them with `outfits.bring.<id>`). */
export const BRING_ITEMS = ['umbrella', 'gym_bag', 'swimsuit', 'sunglasses', 'sunscreen', 'gloves', 'scarf', 'water_bottle', 'ski_gear', 'hiking_boots'] as const;
export type BringItem = (typeof BRING_ITEMS)[number];

export function bringList(day: DaySummary, activities: readonly Activity[], comfortOffset: number): BringItem[] {
  const felt = feltTemperature(day.minApparent, day.minApparent, comfortOffset);
  const out = new Set<BringItem>();
  if (!day.typical && day.rain >= 0.3) out.add('umbrella');
  if (activities.includes('gym') || activities.includes('run')) out.add('gym_bag');
  if (activities.includes('swim') || activities.includes('beach')) out.add('swimsuit');
  const bright = !day.typical && day.rain < 0.3 && !day.snow && day.maxApparent >= 22;
  if (bright || activities.includes('ski') || activities.includes('beach')) out.add('sunglasses');
  if ((bright && day.maxApparent >= 26) || activities.includes('beach')) out.add('sunscreen');
  if (felt < 3) out.add('gloves');
  if (felt < 5) out.add('scarf');
  if (day.maxApparent >= 28 || activities.includes('hike') || activities.includes('run')) out.add('water_bottle');
  if (activities.includes('ski')) out.add('ski_gear');
  if (activities.includes('hike')) out.add('hiking_boots');
  return BRING_ITEMS.filter((item) => out.has(item));
}
