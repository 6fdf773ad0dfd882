import { seedWardrobeDemo } from '@server/wardrobe/demo';
import type { TestApp } from '@test/helpers/build-app';
import { fixture, StubProvider } from '@test/weather/stub-server';

/**
 * A demo-like home: two people with their wardrobes (the wardrobe's own demo), in Paris, with the
 * recorded Open-Meteo forecast for 2026-11-30 (rain from 17:00) served by a local stub.
 */
export async function startWeatherStub(): Promise<StubProvider> {
  const stub = await StubProvider.start();
  stub.reply(stub.json(fixture('open-meteo-paris.json')));
  return stub;
}

export interface DemoHome {
  id: string;
  token: string;
  auth: { authorization: string };
  profiles: { id: string; name: string }[];
}

export async function demoHome(t: TestApp, locale: 'fr-FR' | 'en-US'): Promise<DemoHome> {
  const created = await t.app.households.create({
    name: locale === 'fr-FR' ? 'Maison Martin' : 'The Millers',
    locale,
    timezone: 'Europe/Paris',
    latitude: 48.85,
    longitude: 2.35,
    profiles: [{ name: 'Camille' }, { name: 'Louis' }],
  });
  await seedWardrobeDemo(t.app, created);
  return { id: created.household.id, token: created.token, auth: { authorization: `Bearer ${created.token}` }, profiles: created.profiles.map((p) => ({ id: p.id, name: p.name })) };
}
