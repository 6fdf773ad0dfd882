import fs from 'node:fs';
import { AppHarness, DESKTOP, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** The privacy screen: consents as switches, the export file, the audit log, the typed erase. */
describe('the privacy screen in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
    await h.api('PUT', '/api/v1/privacy/consents', fr.token, { calendars: true, telemetry: true, feedback_learning: true });
  });
  afterAll(async () => h?.close());

  it('switches a consent off, exports, and shows it all in the audit log, in French', async () => {
    const page = await h.open(fr.token, { screen: 'privacy' });
    const calendars = page.getByRole('switch', { name: 'Calendriers' });
    await calendars.waitFor();
    expect(await calendars.isChecked()).toBe(true);
    await page.getByText('désactivé, aucun calendrier n’est lu').waitFor();
    await h.shot(page, 'privacy-fr');
    expect(await h.axe(page)).toEqual([]);
    await calendars.uncheck();
    await page.getByRole('status').filter({ hasText: 'Calendriers : désactivé.' }).waitFor();
    expect((await h.api<{ consents: Record<string, boolean> }>('GET', '/api/v1/privacy/consents', fr.token)).consents.calendars).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger l’export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^miroir-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(fs.readFileSync((await download.path()) as string, 'utf8')) as { format: string; householdId: string };
    expect(exported).toMatchObject({ format: 'miroir-export/1', householdId: fr.id });

    const audit = page.getByRole('region', { name: 'Qui a fait quoi' });
    await audit.getByText('Données exportées').waitFor();
    await audit.getByText('Consentements modifiés').first().waitFor();
    expect(await audit.getByText(/une personne · appli ou API/).count()).toBeGreaterThan(0);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('erases the household only after its name is typed, then signs the phone out', async () => {
    const page = await h.open(fr.token, { screen: 'privacy' });
    const field = page.getByLabel('Tapez « Famille Martin » pour confirmer');
    await field.fill('famille');
    await page.getByRole('button', { name: 'Tout effacer' }).click();
    await page.getByText('Tapez exactement le nom du foyer : Famille Martin.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await h.shot(page, 'privacy-fr-erase');
    expect(await h.axe(page)).toEqual([]);
    await field.fill('Famille Martin');
    await page.getByRole('button', { name: 'Tout effacer' }).click();
    await page.getByText('Le foyer est effacé. Ce téléphone est déconnecté.').waitFor();
    expect(await page.evaluate(() => window.localStorage.getItem('miroir.app.token'))).toBeNull();
    const res = await h.server.app.inject({ method: 'GET', url: '/api/v1/household', headers: { authorization: `Bearer ${fr.token}` } });
    expect(res.statusCode).toBe(401);
  });

  it('works in English on a phone and on a desktop', async () => {
    const page = await h.open(en.token, { screen: 'privacy' });
    await page.getByRole('switch', { name: 'Device readings' }).waitFor();
    await h.shot(page, 'privacy-en');
    expect(await h.axe(page)).toEqual([]);
    const desktop = await h.open(en.token, { screen: 'privacy', viewport: DESKTOP });
    await desktop.getByRole('switch', { name: 'Location' }).waitFor();
    await h.shot(desktop, 'privacy-en-desktop');
    expect(await h.axe(desktop)).toEqual([]);
  });
});
