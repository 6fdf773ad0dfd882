import { demoGarmentInputs } from '@server/wardrobe/demo';
import { AppHarness, type TestHousehold } from './support/harness';

jest.setTimeout(90_000);

/** A change made in the app reaches an open mirror at once, through the existing live stream. */
describe('the app and an open mirror', () => {
  let h: AppHarness;
  let home: TestHousehold;
  beforeAll(async () => {
    h = await AppHarness.start();
    home = await h.household('Famille Martin', 'fr-FR');
    await h.server.app.wardrobe.createMany(home.id, demoGarmentInputs('fr-FR', home.profileId, null));
  });
  afterAll(async () => h?.close());

  it('sends a garment of today’s outfit to the wash from the phone, and the mirror changes the outfit', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'fr-FR' });
    const mirror = await context.newPage();
    await mirror.clock.setFixedTime(h.clock.now());
    await mirror.goto(`${h.url}/mirror#token=${home.token}`);
    await mirror.waitForSelector('body[data-rendered="true"]', { timeout: 15_000 });
    const shown = () => mirror.locator('.outfit-card figcaption').allInnerTexts();
    await mirror.locator('.outfit-card figcaption').first().waitFor();
    const worn = (await shown())[0];

    const phone = await h.open(home.token, { screen: 'wardrobe' });
    const card = phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: worn, exact: true }) });
    await card.getByRole('button', { name: 'Mettre au lavage' }).click();
    await phone.getByRole('status').filter({ hasText: `${worn} est au lavage.` }).waitFor();

    await mirror.waitForFunction((name) => ![...document.querySelectorAll('.outfit-card figcaption')].some((f) => f.textContent === name), worn, { timeout: 10_000 });
    expect(await shown()).not.toContain(worn);
    await context.close();
  });
});
