import { AppHarness, DESKTOP, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** The app's "Mirror awake" switch: the same override as "Hey Google, turn off the mirror". */
describe('the mirror awake/night switch in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
  });
  afterAll(async () => h?.close());

  it('puts the mirror in night mode until the end of the night hours, and follows a voice command live (French, phone)', async () => {
    const page = await h.open(fr.token, { screen: 'settings', locale: 'fr-FR' });
    const toggle = page.getByRole('switch', { name: 'Miroir allumé' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await page.getByText('Allumé ; il s’assombrit aux heures de nuit.').waitFor();
    // A person taps and reads the sentence under the switch; the page's state is what they see.
    await toggle.click();
    await page.getByText(/En mode nuit jusqu’à mardi 06:30, puis les heures habituelles\./).waitFor();
    expect(await h.api('GET', '/api/v1/mirror/power', fr.token)).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-01T05:30:00.000Z' } });
    await h.shot(page, 'mirror-power-fr-night');
    expect(await h.axe(page)).toEqual([]);

    // "Hey Google, turn on the mirror": the switch follows without a reload (once the app's live stream is open).
    for (let i = 0; i < 100 && h.server.app.mirror.connections() === 0; i++) await page.waitForTimeout(100);
    expect(h.server.app.mirror.connections()).toBeGreaterThan(0);
    await h.server.app.mirrorPower.set(fr.id, true, 'google');
    await page.getByText('Allumé ; il s’assombrit aux heures de nuit.').waitFor();
    expect(await toggle.isChecked()).toBe(true);
    const box = await toggle.boundingBox();
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(24);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('says when the mirror is awake past the night hours (English, desktop)', async () => {
    // 23:30 in New York: inside the default night hours.
    h.clock.set('2026-12-01T04:30:00Z');
    const page = await h.open(en.token, { screen: 'settings', viewport: DESKTOP });
    const toggle = page.getByRole('switch', { name: 'Mirror awake' });
    await page.getByText('In night mode (the night hours). Switch it on to wake it until the next night.').waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await page.getByText(/Awake until Tuesday 11:00 PM, then night mode as usual\./).waitFor();
    await h.shot(page, 'mirror-power-en-desktop');
    expect(await h.axe(page)).toEqual([]);
    expect(h.problemsOf(page)).toEqual([]);
  });
});
