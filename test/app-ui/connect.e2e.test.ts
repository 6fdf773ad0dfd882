import type { BrowserContext, Page } from 'playwright-core';
import { AppHarness, DESKTOP, PHONE, type TestHousehold } from './support/harness';

jest.setTimeout(120_000);

/**
 * Getting in: a phone with no token connects with a code read off the mirror (typed, or brought
 * by the QR code's `#join=` address), under a name of its own; the phones screen lists and
 * revokes; the voice screen pairs and unlinks.
 */
describe('connecting a phone, phones and access, voice, in Chromium', () => {
  let h: AppHarness;
  let fr: TestHousehold;
  let en: TestHousehold;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    h = await AppHarness.start();
    fr = await h.household('Famille Martin', 'fr-FR');
    en = await h.household('The Smiths', 'en-US');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await h?.close();
  });

  /** A phone that has never opened the app: no token, its own language. */
  async function freshPhone(locale: string, userAgent?: string): Promise<Page> {
    const context = await h.browser.newContext({ viewport: PHONE, locale, serviceWorkers: 'block', hasTouch: true, deviceScaleFactor: 1, userAgent });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.clock.setFixedTime(h.clock.now());
    return page;
  }
  const joinCode = async (household: TestHousehold) => h.api<{ code: string; joinUrl: string }>('POST', '/api/v1/join-codes', household.token);
  const appTokens = async (household: TestHousehold) =>
    (await h.server.app.store.db.selectFrom('tokens').select(['label', 'scope']).where('household_id', '=', household.id).where('scope', '=', 'app').where('revoked_at', 'is', null).execute()).map((r) => r.label);

  it('connects by a typed code in French: a wrong code is said beside the field and the form keeps its content; a double tap makes one token', async () => {
    const page = await freshPhone('fr-FR', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36');
    await page.goto(`${h.url}/app`);
    await page.getByRole('heading', { name: 'Connecter ce téléphone' }).waitFor();
    const code = page.getByLabel('Code affiché sur le miroir');
    const name = page.getByLabel('Nom de ce téléphone');
    expect(await name.inputValue()).toBe('Téléphone Android');
    await h.shot(page, 'connect-fr');
    expect(await h.axe(page)).toEqual([]);

    await code.fill('AAAA-AAAA');
    await name.fill('Téléphone de Camille');
    await page.getByRole('button', { name: 'Connecter' }).click();
    const error = page.getByText('Ce code est inconnu. Vérifiez-le sur le miroir');
    await error.waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    expect(await code.inputValue()).toBe('AAAA-AAAA');
    expect(await name.inputValue()).toBe('Téléphone de Camille');
    await h.shot(page, 'connect-fr-error');
    expect(await h.axe(page)).toEqual([]);

    const issued = await joinCode(fr);
    await code.fill(issued.code.toLowerCase());
    // The network drops on the way: the person is told, nothing typed is lost, the code is not spent.
    await page.route('**/api/v1/join-codes/redeem', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Connecter' }).click();
    await page.getByText('Miroir est injoignable. Rien n’est perdu').waitFor();
    expect(await code.inputValue()).toBe(issued.code.toLowerCase());
    expect(await name.inputValue()).toBe('Téléphone de Camille');
    await page.unroute('**/api/v1/join-codes/redeem');
    const button = page.getByRole('button', { name: 'Connecter' });
    // Two taps before the answer: one redeem, one phone.
    await button.evaluate((b) => {
      (b as HTMLButtonElement).click();
      (b as HTMLButtonElement).click();
    });
    await page.locator('nav.bottom-nav').waitFor({ timeout: 15_000 });
    await page.getByText('Famille Martin').first().waitFor();
    expect(await appTokens(fr)).toEqual(['Téléphone de Camille']);
    const stored = await page.evaluate(() => window.localStorage.getItem('miroir.app.token'));
    expect(stored).toMatch(/^ma_/);
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('connects from the QR code’s address in English: the code is filled in and removed from the address at once', async () => {
    const page = await freshPhone('en-US', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1');
    const issued = await joinCode(en);
    expect(issued.joinUrl).toMatch(/\/app#join=/);
    await page.goto(`${h.url}/app#join=${issued.code}`);
    await page.getByRole('heading', { name: 'Connect this phone' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.getByLabel('Code shown on the mirror').inputValue()).toBe(issued.code);
    const name = page.getByLabel('Name of this phone');
    expect(await name.inputValue()).toBe('iPhone');
    await name.fill('Sam’s iPhone');
    await h.shot(page, 'connect-en-qr');
    expect(await h.axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('nav.bottom-nav').waitFor({ timeout: 15_000 });
    expect(await appTokens(en)).toEqual(['Sam’s iPhone']);
    // The code was used: the same address a second time says so.
    const again = await freshPhone('en-US');
    await again.goto(`${h.url}/app#join=${issued.code}`);
    await again.getByRole('button', { name: 'Connect', exact: true }).click();
    await again.getByText('This code has already been used.').waitFor();
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('lists the phones with this one marked, connects another with a QR code, revokes one (it is signed out on its next call) and says why an owner cannot be revoked', async () => {
    const mine = await h.api<{ token: string }>('POST', '/api/v1/join-codes/redeem', '', { code: (await joinCode(en)).code, deviceName: 'Kitchen tablet' });
    const other = await h.api<{ token: string }>('POST', '/api/v1/join-codes/redeem', '', { code: (await joinCode(en)).code, deviceName: 'Old phone' });
    const otherPage = await h.open(other.token, { screen: 'today' });
    const page = await h.open(mine.token, { screen: 'phones' });
    await page.getByRole('heading', { name: 'Phones and access', level: 1 }).waitFor();
    const list = page.getByRole('region', { name: 'Who has access' });
    const me = list.getByRole('listitem').filter({ hasText: 'Kitchen tablet' });
    await me.getByText('this phone').waitFor();
    await me.getByText('Phone: everything but managing owner access').waitFor();
    const owner = list.getByRole('listitem').filter({ hasText: 'Owner: everything' });
    await owner.waitFor();

    await page.getByRole('button', { name: 'Connect another phone' }).click();
    const panel = page.locator('.join-code');
    await panel.getByRole('img', { name: 'QR code to connect a phone' }).waitFor();
    expect(await panel.locator('.join-code-value').innerText()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await panel.getByText('HOST=0.0.0.0 npm start').waitFor();
    await panel.getByText('every request still needs a token').waitFor();
    await h.shot(page, 'phones-en');
    expect(await h.axe(page)).toEqual([]);

    // An app token cannot take an owner's access away: the server refuses, the screen says why.
    await owner.getByRole('button', { name: 'Revoke' }).click();
    await owner.getByRole('button', { name: /Yes, revoke/ }).click();
    await owner.getByText('This phone cannot revoke an owner’s access: only an owner can.').waitFor();

    const old = list.getByRole('listitem').filter({ hasText: 'Old phone' });
    await old.getByRole('button', { name: 'Revoke' }).click();
    await old.getByRole('button', { name: 'Yes, revoke Old phone' }).click();
    await page.getByText('Old phone no longer has access.').waitFor();
    await old.waitFor({ state: 'detached' });
    expect(await appTokens(en)).not.toContain('Old phone');

    // The revoked phone's next call is refused: it shows the signed-out page and offers a code.
    await otherPage.evaluate(() => (window.location.hash = '#/wardrobe'));
    await otherPage.getByText('This phone is signed out').waitFor();
    await h.shot(otherPage, 'signed-out-en');
    expect(await h.axe(otherPage)).toEqual([]);
    await otherPage.getByRole('button', { name: 'Connect this phone with a code' }).click();
    await otherPage.getByRole('heading', { name: 'Connect this phone' }).waitFor();
    expect(await otherPage.evaluate(() => window.localStorage.getItem('miroir.app.token'))).toBeNull();
    expect(h.problemsOf(page)).toEqual([]);
  });

  it('shows the phones screen in French', async () => {
    const page = await h.open(fr.token, { screen: 'phones', locale: 'fr-FR' });
    await page.getByRole('heading', { name: 'Téléphones et accès', level: 1 }).waitFor();
    await page.getByText('Téléphone de Camille').waitFor();
    await page.getByRole('button', { name: 'Connecter un autre téléphone' }).click();
    await page.getByText('Valable une fois, jusqu’à').waitFor();
    await h.shot(page, 'phones-fr');
    expect(await h.axe(page)).toEqual([]);
    const desktop = await h.open(fr.token, { screen: 'phones', locale: 'fr-FR', viewport: DESKTOP });
    await desktop.getByText('Téléphone de Camille').waitFor();
    await h.shot(desktop, 'phones-fr-desktop');
    expect(await h.axe(desktop)).toEqual([]);
  });

  for (const [lang, say, unlink, confirm, none] of [
    ['fr', 'Dites : « mon code est', 'Délier', 'Oui, délier Alexa', 'Aucun assistant vocal n’est encore relié.'],
    ['en', 'Say: “my code is', 'Unlink', 'Yes, unlink Alexa', 'No voice assistant is linked yet.'],
  ] as const) {
    it(`voice (${lang}): a pairing code shown big, a linked Alexa listed and unlinked at once`, async () => {
      const household = lang === 'fr' ? fr : en;
      const page = await h.open(household.token, { screen: 'voice', locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
      await page.getByText(none).waitFor();
      await page.getByRole('button', { name: lang === 'fr' ? 'Obtenir un code d’association' : 'Get a pairing code' }).click();
      const shown = (await page.locator('.pair-code-value').innerText()).replace(/\s/g, '');
      expect(shown).toMatch(/^\d{6}$/);
      await page.getByText(`${say} ${shown}`).waitFor();
      await h.shot(page, `voice-${lang}-code`);
      expect(await h.axe(page)).toEqual([]);
      // Said to Alexa: the skill redeems the code and links the account (the services the adapter calls).
      const outcome = await h.server.app.skills.pairing.redeem(shown, { platform: 'alexa', userId: `amzn1.account.${lang}` });
      expect(outcome).toEqual({ kind: 'linked', householdId: household.id });
      await h.server.app.skills.links.link('alexa', `amzn1.account.${lang}`, household.id);
      await page.reload();
      const item = page.getByRole('listitem').filter({ hasText: 'Alexa' });
      await item.waitFor();
      await h.shot(page, `voice-${lang}`);
      expect(await h.axe(page)).toEqual([]);
      await item.getByRole('button', { name: unlink }).click();
      await item.getByRole('button', { name: confirm }).click();
      await page.getByText(none).waitFor();
      expect((await h.api<{ links: unknown[] }>('GET', '/api/v1/voice-links', household.token)).links).toEqual([]);
      expect(h.problemsOf(page)).toEqual([]);
    });
  }
});
