import type { FastifyInstance } from 'fastify';
import { seedCalendarDemo } from '@server/calendar/demo';
import { seedSuppliesDemo } from '@server/supplies/demo';
import { seedWardrobeDemo } from '@server/wardrobe/demo';
import type { DemoContributor, DemoHousehold } from './types';

const CONTRIBUTORS: DemoContributor[] = [seedCalendarDemo, seedWardrobeDemo, seedSuppliesDemo];

const DEMO = {
  'fr-FR': { name: 'Famille Martin', timezone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522, currency: 'EUR', people: ['Camille', 'Julien'] },
  'en-US': { name: 'The Parkers', timezone: 'America/New_York', latitude: 40.7128, longitude: -74.006, currency: 'USD', people: ['Alex', 'Sam'] },
} as const;

/** A household to explore on first start: two people, a wardrobe, supplies, devices, a calendar. */
export async function seedDemoHousehold(app: FastifyInstance, locale: keyof typeof DEMO): Promise<DemoHousehold> {
  const spec = DEMO[locale];
  const created = await app.households.create({
    name: spec.name,
    locale,
    timezone: spec.timezone,
    latitude: spec.latitude,
    longitude: spec.longitude,
    currency: spec.currency,
    demo: true,
    profiles: spec.people.map((name) => ({ name })),
  });
  const demo: DemoHousehold = { household: created.household, profiles: created.profiles, token: created.token };
  // The demo household opts in to every source so each capability can be seen working.
  await app.consents.set(demo.household.id, {
    calendars: true,
    location: true,
    telemetry: true,
    voice_personalisation: true,
    feedback_learning: true,
  });
  for (const contribute of CONTRIBUTORS) await contribute(app, demo);
  return demo;
}
