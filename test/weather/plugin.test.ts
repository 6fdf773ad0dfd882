import { buildApp } from '@server/app';
import { ManualClock } from '@server/core/clock';
import { loadConfig } from '@server/plugins/config';
import { createTestStore } from '@test/helpers/stores';
import { fixture, StubProvider } from './stub-server';

describe('weather plugin background refresh', () => {
  it('refreshes every household once the app is ready when background jobs are on, and stops on close', async () => {
    const stub = await StubProvider.start();
    const testStore = await createTestStore('sqlite');
    const clock = new ManualClock('2026-11-30T07:00:00Z');
    const config = (jobs: boolean) =>
      loadConfig({ LOG_LEVEL: 'silent', MIROIR_BACKGROUND_JOBS: String(jobs), OPEN_METEO_URL: `${stub.url}/v1`, MET_NO_URL: 'http://127.0.0.1:9/weatherapi' });
    try {
      const quiet = await buildApp({ config: config(false), clock, store: testStore.store, logger: false });
      await quiet.ready();
      const { household } = await quiet.households.create({ name: 'Paris', locale: 'fr-FR', timezone: 'Europe/Paris', latitude: 48.85, longitude: 2.35 });
      await quiet.close();
      expect(stub.seen).toHaveLength(0);

      stub.reply(stub.json(fixture('open-meteo-paris.json')));
      const app = await buildApp({ config: config(true), clock, store: testStore.store, logger: false });
      const announced = new Promise<string>((resolve) => {
        app.events.subscribe((e) => {
          if (e.type === 'weather.updated' && e.payload.fetchedAt) resolve(e.householdId);
        });
      });
      await app.ready();
      expect(await announced).toBe(household.id);
      expect(stub.requests('/v1/forecast')).toHaveLength(1);
      await app.close();
    } finally {
      await testStore.dispose();
      await stub.close();
    }
  });
});
