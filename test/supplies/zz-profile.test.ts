import { buildTestApp } from '@test/helpers/build-app';
import { forecast } from '@server/supplies/forecast';
it('profiles', async () => {
  const t = await buildTestApp();
  const h = await t.household();
  const s = await t.app.supplies.create(h.id, { name: 'x', unit: 'L', capacity: 100, policy: { mode: 'notify' } });
  const d = await t.app.supplies.createDevice(h.id, { name: 'd', kind: 'k', supplyIds: [s.id] });
  const now = t.clock.now().getTime();
  let start = performance.now();
  for (let i = 0; i < 300; i++) {
    await t.app.supplies.ingest(h.id, d.id, [{ id: `r${i}`, supplyId: s.id, level: 100 - i / 10, unit: 'L', at: new Date(now - (300 - i) * 60000).toISOString() }]);
  }
  console.log('ingest ms/call', (performance.now() - start) / 300);
  const pts = Array.from({ length: 2000 }, (_, i) => ({ t: now + i * 60000, level: 100 - i / 30 }));
  start = performance.now();
  for (let i = 0; i < 100; i++) forecast(pts, 100);
  console.log('forecast(2000) ms', (performance.now() - start) / 100);
  start = performance.now();
  for (let i = 0; i < 100; i++) await t.app.households.authenticate(h.token);
  console.log('auth ms', (performance.now() - start) / 100);
  await t.close();
});
