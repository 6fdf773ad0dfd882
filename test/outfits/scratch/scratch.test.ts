import { loadOutfitScorer } from '@models/scorer';
import { suggestOutfits } from '@server/outfits/engine/suggest';
import { demoWardrobe, makeDay } from '@test/outfits/support/day';

it('prints', async () => {
  const scorer = await loadOutfitScorer();
  const cases = {
    snow: makeDay({ apparent: [-8, -7, -6, -5, -6, -7], weatherType: 'snow', rain: [1, 1, 1, 0.5, 0, 0] }),
    heat: makeDay({ date: '2026-07-15', apparent: [27, 30, 33, 35, 36, 34] }),
    rainEvening: makeDay({ apparent: [8, 9, 10, 11, 12, 12, 12, 12, 11, 11, 10, 9], rain: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 5] }),
    interview: makeDay({ apparent: [10, 12, 13, 13, 12, 11], dressCode: 'formal', events: [{ title: 'Entretien chez Acme', dressCode: 'formal', activities: ['interview'] }] }),
    gym: makeDay({ apparent: [10, 12, 13, 13, 12, 11], events: [{ title: 'Gym', start: '2026-11-30T18:30:00+01:00', end: '2026-11-30T19:30:00+01:00', dressCode: 'sport', activities: ['gym'] }] }),
    wedding: makeDay({ date: '2026-06-13', apparent: [18, 20, 22, 24, 23, 21], dressCode: 'formal', events: [{ title: 'Mariage de Léa', allDay: true, dressCode: 'formal', activities: ['wedding'], start: '2026-06-13', end: '2026-06-14' }] }),
    noWeather: makeDay({ apparent: [5], weather: null }),
  };
  for (const locale of ['en-US', 'fr-FR']) for (const person of ['first', 'second'] as const) {
    const w = demoWardrobe(locale, person);
    for (const [name, ctx] of Object.entries(cases)) {
      const r = suggestOutfits({ context: { ...ctx, locale }, garments: w, personal: null, scorer });
      console.log(locale, person, name, r.candidates, JSON.stringify(r.bring), r.relaxed, '\n  ' + r.outfits.map((o) => `${o.score} [${o.garments.map((g) => g.name).join(', ')}] ${o.explanation}`).join('\n  '));
    }
  }
});
