import type { EngineGarment } from '@models/features';
import { loadOutfitScorer, type ModelScorer } from '@models/scorer';
import { suggestOutfits, type EngineResult } from '@server/outfits/engine/suggest';
import type { DayContext } from '@server/day-context/types';
import { demoWardrobe, makeDay } from '@test/outfits/support/day';

/**
 * The "done when" days, in French and English, through the pure engine with the trained model:
 * each checks the hard rules, the garments that matter, the bring list and the explanation.
 */
let scorer: ModelScorer;
beforeAll(async () => {
  scorer = await loadOutfitScorer();
});

function run(day: DayContext, locale: string, person: 'first' | 'second', wardrobe?: EngineGarment[]): EngineResult {
  return suggestOutfits({ context: { ...day, locale }, garments: wardrobe ?? demoWardrobe(locale, person, day.date), personal: null, scorer });
}

const kinds = (o: { garments: EngineGarment[] }): string[] => o.garments.map((g) => g.kind);
const clo = (o: { garments: EngineGarment[] }): number => o.garments.reduce((s, g) => s + g.clo, 0);
const LOCALES = [
  ['en-US', 'en'],
  ['fr-FR', 'fr'],
] as const;

describe.each(LOCALES)('outfit scenarios in %s', (locale, lang) => {
  const t = <T>(en: T, fr: T): T => (lang === 'fr' ? fr : en);

  it('a freezing snowy day: warm outerwear, waterproof boots, covered legs, gloves', () => {
    const day = makeDay({ apparent: [-9, -8, -7, -6, -6, -7, -8], weatherType: 'snow', rain: [0.8, 1, 1, 0.6, 0.3, 0, 0], wind: 6 });
    for (const person of ['first', 'second'] as const) {
      const r = run(day, locale, person);
      expect(r.outfits).toHaveLength(3);
      for (const o of r.outfits) {
        expect(o.garments.some((g) => g.category === 'outerwear' && g.clo >= 0.6)).toBe(true);
        expect(o.garments.some((g) => g.category === 'footwear' && g.waterproof)).toBe(true);
        expect(o.garments.some((g) => g.bareLegs || g.openShoe)).toBe(false);
        expect(clo(o)).toBeGreaterThan(1.5);
      }
      expect(r.bring).toEqual(expect.arrayContaining(['gloves', 'scarf']));
      // en-US reads Fahrenheit: −9 °C is 16 °F.
      expect(r.outfits[0].explanation).toContain(t('16\u00a0°F at the coldest and snow', '-9\u00a0°C au plus froid et neige'));
    }
  });

  it('a heatwave: light clothes, no coat or sweater, sun protection in the bag', () => {
    const day = makeDay({ date: '2026-07-15', apparent: [26, 29, 32, 35, 36.4, 35, 33] });
    for (const person of ['first', 'second'] as const) {
      const r = run(day, locale, person);
      for (const o of r.outfits) {
        expect(o.garments.some((g) => g.category === 'outerwear' || g.layer === 'mid')).toBe(false);
        expect(clo(o)).toBeLessThan(0.45);
      }
      expect(r.bring).toEqual(expect.arrayContaining(['sunglasses', 'sunscreen', 'water_bottle']));
      expect(r.outfits[0].explanation).toMatch(t(/^Up to 9[78]\u00a0°F: /, /^Jusqu'à 36\u00a0°C : /));
    }
  });

  it('heavy rain at the evening commute: rain gear in every outfit, an umbrella, and the time in the sentence', () => {
    const hours = [8, 9, 10, 11, 12, 12, 12, 12, 11, 11, 10, 9];
    const day = makeDay({ apparent: hours, rain: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6], probability: [5, 5, 5, 10, 10, 20, 30, 40, 40, 40, 95, 95] });
    for (const person of ['first', 'second'] as const) {
      const r = run(day, locale, person);
      expect(r.outfits.length).toBeGreaterThan(0);
      for (const o of r.outfits) {
        expect(o.garments.some((g) => (g.category === 'outerwear' && g.waterproof) || g.use === 'rain')).toBe(true);
        expect(o.garments.some((g) => g.openShoe)).toBe(false);
      }
      expect(r.outfits[0].garments.some((g) => g.category === 'outerwear' && g.waterproof)).toBe(true);
      expect(r.bring).toContain('umbrella');
      // 17:00 UTC is 18:00 in Paris in November.
      expect(r.outfits[0].explanation).toMatch(t(/^Rain from 6:00[\s\u202f]PM when you leave the office/, /^Pluie dès 18\u00a0h à la sortie du bureau/));
    }
  });

  it('a job interview: nothing below smart, the suit for the one who has one, the interview in the sentence', () => {
    const day = makeDay({
      apparent: [9, 11, 12, 13, 12, 11],
      dressCode: 'formal',
      events: [{ title: t('Interview at Acme', 'Entretien chez Acme'), start: '2026-11-30T10:00:00+01:00', end: '2026-11-30T11:00:00+01:00', dressCode: 'formal', activities: ['interview'] }],
    });
    for (const person of ['first', 'second'] as const) {
      const r = run(day, locale, person);
      expect(r.relaxed).toEqual([]);
      for (const o of r.outfits) for (const g of o.garments) if (g.category !== 'accessory' && g.category !== 'outerwear') expect(g.formality).toBeGreaterThanOrEqual(2);
      expect(r.outfits[0].explanation).toMatch(t(/^Your interview at 10:00[\s\u202f]AM/, /^L'entretien à 10\u00a0h/));
    }
    const suit = run(day, locale, 'second').outfits[0];
    expect(kinds(suit)).toEqual(expect.arrayContaining(['suittrousers', 'shoes']));
    expect(kinds(suit).some((k) => k === 'suitjacket' || k === 'blazer')).toBe(true);
  });

  it('a gym session after work: an everyday outfit and the gym bag on the list', () => {
    const day = makeDay({
      apparent: [9, 11, 12, 13, 12, 11],
      events: [{ title: 'Gym', start: '2026-11-30T18:30:00+01:00', end: '2026-11-30T19:30:00+01:00', dressCode: 'sport', activities: ['gym'] }],
    });
    for (const person of ['first', 'second'] as const) {
      const r = run(day, locale, person);
      expect(r.bring).toContain('gym_bag');
      expect(r.outfits).toHaveLength(3);
      expect(r.outfits[0].garments.some((g) => g.category === 'outerwear' || g.layer === 'mid')).toBe(true);
      // The gym answers no garment, so the temperature names two.
      expect(r.outfits[0].explanation).toMatch(t(/^48\u00a0°F and sport at 6:30[\s\u202f]PM: [^,]+ and [^,]+\.$/, /^9\u00a0°C et sport à 18\u00a0h\u00a030 : [^,]+ et [^,]+\.$/));
    }
  });

  it('a wedding: formal clothes (the evening dress, or the suit and tie), the wedding in the sentence', () => {
    const day = makeDay({
      date: '2026-06-13',
      apparent: [17, 19, 21, 23, 23, 21],
      dressCode: 'formal',
      events: [{ title: t("Léa and Tom's wedding", 'Mariage de Léa et Tom'), allDay: true, start: '2026-06-13', end: '2026-06-14', dressCode: 'formal', activities: ['wedding'] }],
    });
    const first = run(day, locale, 'first').outfits[0];
    expect(kinds(first)).toContain('eveningdress');
    expect(first.explanation).toMatch(t(/^The wedding: /, /^Le mariage : /));
    const second = run(day, locale, 'second').outfits[0];
    expect(kinds(second)).toEqual(expect.arrayContaining(['suittrousers', 'shoes', 'tie']));
    expect(kinds(second).some((k) => k === 'suitjacket' || k === 'blazer')).toBe(true);
    for (const g of second.garments) if (g.category !== 'accessory' && g.category !== 'outerwear') expect(g.formality).toBeGreaterThanOrEqual(2);
  });

  it('a favourite coat in the laundry is never suggested, even on the day it would be best', () => {
    const day = makeDay({ apparent: [1, 2, 3, 3, 2, 1] });
    const wardrobe = demoWardrobe(locale, 'second', day.date);
    // With everything clean, the favourite coat of a cold dry day is the one the engine puts first.
    const coat = run(day, locale, 'second', wardrobe).outfits[0].garments.find((g) => g.category === 'outerwear')!;
    expect(coat).toBeDefined();
    // The service passes only clean garments; the engine cannot invent one.
    const clean = wardrobe.filter((g) => g !== coat);
    const r = run(day, locale, 'second', clean);
    expect(r.outfits.length).toBe(3);
    for (const o of r.outfits) expect(o.garments.map((g) => g.id)).not.toContain(coat.id);
    expect(r.outfits[0].garments.some((g) => g.category === 'outerwear')).toBe(true);
  });

  it('without a forecast, dresses for the season and says so', () => {
    const r = run(makeDay({ apparent: [0], weather: null }), locale, 'first');
    expect(r.day.typical).toBe(true);
    expect(r.outfits[0].explanation).toMatch(t(/^No forecast, so dressed for a typical November day/, /^Pas de prévision, donc une tenue pour un jour de novembre ordinaire/));
    expect(r.bring).not.toContain('umbrella');
  });
});
