import { loadServingScorer, ruleScorer, type OutfitScorer } from '@models/scorer';
import { OutfitService } from '@server/outfits/service';
import type { Suggestion, TodaysSuggestion } from '@server/outfits/types';
import { demoGarmentInputs } from '@server/wardrobe/demo';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { eraseWithConfirmation } from '@test/privacy/erase-steps';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//Answers kept//EN',
  'BEGIN:VEVENT',
  'UID:gala-1@test',
  'DTSTAMP:20261120T100000Z',
  'DTSTART;TZID=Europe/Paris:20261130T190000',
  'DTEND;TZID=Europe/Paris:20261130T230000',
  'SUMMARY:Black tie gala',
  'LOCATION:Opéra Garnier',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

/**
 * The day's answer is kept under a digest of everything it is computed from: every change that can
 * change it must give the answer a fresh computation gives (the same service with nothing kept),
 * and repeating a read with nothing changed must not compute again.
 */
describeEachStore('outfit answers kept between reads', (kind) => {
  let t: TestApp;
  let h: Awaited<ReturnType<TestApp['household']>>;
  let fresh: OutfitService;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    h = await t.household('Answers', 'en-US');
    const second = (await t.app.households.addProfile(h.id, { name: 'Julien' })).id;
    await t.app.wardrobe.createMany(h.id, demoGarmentInputs('en-US', h.profileId, second));
    await t.app.consents.set(h.id, { feedback_learning: true, calendars: true });
    let scorer: OutfitScorer;
    try {
      scorer = loadServingScorer();
    } catch {
      scorer = ruleScorer;
    }
    expect(scorer.kind).toBe(t.app.outfits.scorerKind);
    const { store, clock, events, households, consents, wardrobe, dayContext } = t.app;
    fresh = new OutfitService({ store, clock, events, households, consents, wardrobe, dayContext, scorer, answersKept: 0 });
  });
  afterAll(async () => t.close());

  const today = async (): Promise<Suggestion> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/outfits/today?profile=${h.profileId}`, headers: h.auth });
    expect(res.statusCode).toBe(200);
    const { garments, ...suggestion } = res.json<TodaysSuggestion>();
    // With the garments its outfits name, each once, as the wardrobe lists them.
    const named = [...new Set(suggestion.outfits.flatMap((o) => o.garmentIds))].sort();
    expect(garments.map((g) => g.id).sort()).toEqual(named);
    expect(garments).toEqual(JSON.parse(JSON.stringify(await t.app.wardrobe.list(h.id, { ids: named }))));
    return suggestion;
  };
  /** The served answer (kept or not) against a fresh computation, and the served one returned. */
  const servedMatchesFresh = async (): Promise<Suggestion> => {
    const served = await today();
    expect(served).toEqual(JSON.parse(JSON.stringify(await fresh.suggest(h.id, { profileId: h.profileId }))));
    return served;
  };

  it('repeats a read from what it kept, and the kept answer cannot be changed by a reader', async () => {
    const first = await servedMatchesFresh();
    const kept = t.app.outfits.keptAnswers;
    const direct = await t.app.outfits.suggest(h.id, { profileId: h.profileId });
    direct.outfits[0].garmentIds.push('tampered');
    direct.bring.push('tampered' as never);
    expect(await today()).toEqual(first);
    expect(t.app.outfits.keptAnswers).toBe(kept);
  });

  it('computes afresh after each change that can change the answer', async () => {
    let previous = await servedMatchesFresh();
    const kept = () => t.app.outfits.keptAnswers;
    const step = async (change: () => Promise<unknown>, mustDiffer: boolean) => {
      const before = kept();
      await change();
      const served = await servedMatchesFresh();
      // A changed input is a new key (computed once more), whatever the outcome.
      expect(kept()).toBe(before + 1);
      if (mustDiffer) expect(served).not.toEqual(previous);
      previous = served;
    };
    // The top outfit's first garment goes to the wash.
    await step(() => t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${previous.outfits[0].garmentIds[0]}`, headers: h.auth, payload: { available: false } }), true);
    // A new garment in the wardrobe.
    await step(() => t.app.wardrobe.createMany(h.id, [{ ...demoGarmentInputs('en-US', h.profileId, h.profileId)[0], name: 'New scarf' }]), false);
    // Feedback: learned with consent (a warmer offset, a new head).
    await step(() => t.app.inject({ method: 'POST', url: '/api/v1/outfits/feedback', headers: h.auth, payload: { garmentIds: previous.outfits[0].garmentIds, rating: 'too_cold' } }), true);
    // The person's declared comfort.
    await step(() => t.app.inject({ method: 'PATCH', url: `/api/v1/profiles/${h.profileId}`, headers: h.auth, payload: { comfort: 'warm' } }), true);
    // A calendar with a black-tie evening today.
    await step(() => t.app.inject({ method: 'POST', url: '/api/v1/calendars', headers: h.auth, payload: { name: 'Evenings', ics: ICS } }), true);
    // The household's language.
    await step(() => t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: h.auth, payload: { locale: 'fr-FR' } }), true);
    // Another day on the household's clock.
    await step(async () => t.clock.advance(24 * 3600_000), true);
    expect(previous.context.date).toBe('2026-12-01');
  });

  it('a what-if day is its own answer, never the live one', async () => {
    const live = await today();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/outfits/suggest', headers: h.auth, payload: { profile: h.profileId, weather: { temperature: 30, apparentTemperature: 32, windSpeed: 1, precipitation: 0, precipitationProbability: 0, weatherType: 'clear' } } });
    expect(res.statusCode).toBe(200);
    expect(res.json<Suggestion>().outfits).not.toEqual(live.outfits);
    expect(await today()).toEqual(live);
  });
});

describe("today's answers worked out at start on a home server", () => {
  it('once listening, every person of the household has an answer kept, and the first read is served from it', async () => {
    const t = await buildTestApp({ env: { MIROIR_BACKGROUND_JOBS: 'true' } });
    try {
      const h = await t.household('Warm', 'en-US');
      const second = (await t.app.households.addProfile(h.id, { name: 'Julien' })).id;
      await t.app.wardrobe.createMany(h.id, demoGarmentInputs('en-US', h.profileId, second));
      expect(t.app.outfits.keptAnswers).toBe(0);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const deadline = Date.now() + 10_000;
      while (t.app.outfits.keptAnswers < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(t.app.outfits.keptAnswers).toBe(2);
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/outfits/today?profile=${second}`, headers: h.auth });
      expect(res.statusCode).toBe(200);
      expect(t.app.outfits.keptAnswers).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('an erased household leaves the kept answers', () => {
  it("its answers go with the erase; another household's stay", async () => {
    const t = await buildTestApp();
    try {
      const gone = await t.household('Gone', 'en-US');
      const stays = await t.household('Stays', 'en-US');
      for (const h of [gone, stays]) {
        await t.app.wardrobe.createMany(h.id, demoGarmentInputs('en-US', h.profileId, h.profileId));
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/outfits/today?profile=${h.profileId}`, headers: h.auth });
        expect(res.statusCode).toBe(200);
      }
      expect(t.app.outfits.keptAnswers).toBe(2);
      expect((await eraseWithConfirmation(t, gone.auth)).statusCode).toBe(200);
      expect(t.app.outfits.keptAnswers).toBe(1);
    } finally {
      await t.close();
    }
  });
});
