import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import type { StubProvider } from '@test/weather/stub-server';
import { SKILL_ID, intentRequest, type EnvelopeOptions } from '../helpers/alexa-envelopes';
import { demoHome, startWeatherStub, type DemoHome } from '../helpers/demo-home';
import { askAlexa, linkAlexaUser, plain, spoken } from '../helpers/skill-app';

/** Outfits and weather by voice, against the real outfit engine, wardrobe and a recorded forecast. */
describe('POST /alexa: outfits and weather', () => {
  let t: TestApp;
  let stub: StubProvider;
  let home: DemoHome;
  const USER = 'amzn1.ask.account.OUTFITS';
  const opts = (extra: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: t.clock.now().toISOString(), userId: USER, locale: 'fr-FR', ...extra });

  beforeAll(async () => {
    stub = await startWeatherStub();
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false', OPEN_METEO_URL: `${stub.url}/v1` } });
    home = await demoHome(t, 'fr-FR');
    await linkAlexaUser(t, home.auth, { userId: USER });
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const garmentNames = async (ids: string[]): Promise<string[]> => Promise.all(ids.map(async (id) => (await t.app.wardrobe.get(home.id, id)).name));
  /** What is spoken: the worn garments; accessories go in the "take along" sentence and on the card. */
  const wornNames = async (ids: string[]): Promise<string[]> =>
    (await Promise.all(ids.map((id) => t.app.wardrobe.get(home.id, id)))).filter((g) => g.category !== 'accessory').map((g) => g.name);

  it("suggests today's outfit of the engine, with a card and an APL document on a screen", async () => {
    const expected = await t.app.outfits.suggest(home.id, { profileId: home.profiles[0].id });
    const names = await garmentNames(expected.outfits[0].garmentIds);
    const reply = await askAlexa(t, intentRequest(opts({ screen: true }), 'SuggestOutfit', { day: {}, occasion: {} }));
    const text = spoken(reply);
    expect(text.startsWith("Ma proposition pour aujourd&apos;hui : ")).toBe(true);
    for (const name of await wornNames(expected.outfits[0].garmentIds)) expect(text).toContain(plain(name.replace(/'/g, '&apos;')));
    for (const name of names) expect(plain(reply.response.card?.content ?? '')).toContain(plain(name));
    expect(text).toContain('Prends un parapluie');
    expect(reply.response.card?.title).toBe("Tenue pour aujourd'hui");
    const apl = reply.response.directives?.find((d) => d.type === 'Alexa.Presentation.APL.RenderDocument');
    expect(apl?.datasources?.outfit.garments.map((g) => g.name)).toEqual(names);
    expect(apl?.datasources?.outfit.title).toBe("Tenue pour aujourd'hui");
  });

  it('sends no APL document to a device without a screen', async () => {
    const reply = await askAlexa(t, intentRequest(opts(), 'SuggestOutfit', { day: {}, occasion: {} }));
    expect(reply.response.directives ?? []).toHaveLength(0);
  });

  it('resolves the day slot through entity resolution: tomorrow, and a weekday', async () => {
    const tomorrow = await askAlexa(t, intentRequest(opts(), 'SuggestOutfit', { day: { value: 'demain matin', id: 'tomorrow', type: 'MIROIR_DAY' }, occasion: {} }));
    expect(spoken(tomorrow)).toMatch(/^Ma proposition pour demain : /);
    const friday = await askAlexa(t, intentRequest(opts({ locale: 'en-GB' }), 'SuggestOutfit', { day: { value: 'friday', id: 'friday', type: 'MIROIR_DAY' }, occasion: {} }));
    expect(spoken(friday)).toMatch(/^Here is my pick on Friday: /);
  });

  it('dresses for an occasion', async () => {
    const reply = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'SuggestOutfit', { day: {}, occasion: { value: 'my meeting', id: 'meeting', type: 'MIROIR_OCCASION' } }));
    expect(spoken(reply)).toMatch(/^For your meeting today: /);
  });

  it("explains the outfit it just suggested, with the engine's own sentence", async () => {
    const expected = await t.app.outfits.suggest(home.id, { profileId: home.profiles[0].id });
    await askAlexa(t, intentRequest(opts(), 'SuggestOutfit', { day: {}, occasion: {} }));
    const why = await askAlexa(t, intentRequest(opts(), 'ExplainOutfit'));
    expect(spoken(why)).toBe(plain(expected.outfits[0].explanation.replace(/'/g, '&apos;')));
  });

  it('gives feedback about the last outfit to the outfit engine', async () => {
    const before = await t.app.store.db.selectFrom('outfit_feedback').selectAll().where('household_id', '=', home.id).execute();
    const reply = await askAlexa(t, intentRequest(opts(), 'OutfitFeedback', { rating: { value: "j'avais chaud", id: 'too_warm', type: 'MIROIR_RATING' } }));
    expect(spoken(reply)).toBe('C&apos;est noté : je t&apos;habillerai un peu plus léger.');
    const after = await t.app.store.db.selectFrom('outfit_feedback').selectAll().where('household_id', '=', home.id).execute();
    expect(after.length).toBe(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({ rating: 'too_warm', profile_id: home.profiles[0].id });
  });

  it('delegates the rating to Alexa when it is missing', async () => {
    const reply = await askAlexa(t, intentRequest(opts(), 'OutfitFeedback', { rating: {} }, { dialogState: 'STARTED' }));
    expect(reply.response.directives?.[0].type).toBe('Dialog.Delegate');
  });

  it('answers the umbrella question from the day context, in both languages', async () => {
    const fr = await askAlexa(t, intentRequest(opts(), 'NeedUmbrella', { day: {} }));
    expect(spoken(fr)).toMatch(/^Oui, prends un parapluie aujourd&apos;hui : de la pluie est probable à partir de 17:00, avec \d+ pour cent de risque\.$/);
    const en = await askAlexa(t, intentRequest(opts({ locale: 'en-US' }), 'NeedUmbrella', { day: {} }));
    expect(spoken(en)).toMatch(/^Yes, take an umbrella today: rain is likely from 5:00\sPM, with a \d+ percent chance\.$/);
  });

  it('answers the coat question from the outfit engine (outerwear or not)', async () => {
    const expected = await t.app.outfits.suggest(home.id, { profileId: home.profiles[0].id });
    const outer = (await Promise.all(expected.outfits[0].garmentIds.map((id) => t.app.wardrobe.get(home.id, id)))).find((g) => g.category === 'outerwear');
    const reply = await askAlexa(t, intentRequest(opts(), 'NeedCoat', { day: {} }));
    if (outer) expect(spoken(reply)).toContain(`Oui, il te faut un manteau aujourd&apos;hui : ${outer.name.replace(/'/g, '&apos;')}.`);
    else expect(spoken(reply)).toMatch(/^Pas besoin de manteau/);
    expect(spoken(reply)).toMatch(/ressenti de -?\d+ à -?\d+ degrés/);
  });

  it("dresses a recognised speaker from their own profile's wardrobe", async () => {
    const louis = home.profiles[1];
    await t.app.households.updateProfile(home.id, louis.id, { voicePersonId: 'amzn1.ask.person.LOUIS' });
    // Recognising the speaker is voice personalisation: it needs the household's consent.
    await t.app.consents.set(home.id, { voice_personalisation: true });
    const expected = await t.app.outfits.suggest(home.id, { profileId: louis.id });
    const reply = await askAlexa(t, intentRequest(opts({ personId: 'amzn1.ask.person.LOUIS' }), 'SuggestOutfit', { day: {}, occasion: {} }));
    for (const name of await wornNames(expected.outfits[0].garmentIds)) expect(spoken(reply)).toContain(name.replace(/'/g, '&apos;'));
    const owners = await Promise.all(expected.outfits[0].garmentIds.map(async (id) => (await t.app.wardrobe.get(home.id, id)).profileId));
    expect(owners.every((o) => o === louis.id || o === null)).toBe(true);
  });
});
