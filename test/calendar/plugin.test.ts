import { buildTestApp } from '@test/helpers/build-app';

describe('calendar plugin', () => {
  it('starts the periodic refresh with background jobs on and stops it on close', async () => {
    const t = await buildTestApp({ env: { MIROIR_BACKGROUND_JOBS: 'true' } });
    const h = await t.household('Timer');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendars', headers: h.auth })).json()).toEqual({ calendars: [] });
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
