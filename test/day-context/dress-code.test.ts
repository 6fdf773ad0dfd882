import { classifyEvent, dayDressCode, fold } from '@server/day-context/dress-code';

const of = (title: string, extra: { location?: string; categories?: string[]; description?: string } = {}) =>
  classifyEvent({ title, location: extra.location ?? null, categories: extra.categories, description: extra.description ?? null });

describe('dress code and activities from an event', () => {
  it('folds case, accents and apostrophes', () => {
    expect(fold('L’Entretien d’EMBAUCHE — Obsèques')).toBe('l entretien d embauche obseques');
  });

  it.each([
    ["Entretien d'embauche chez Dupont", 'formal', ['interview']],
    ['ENTRETIEN D’EMBAUCHE', 'formal', ['interview']],
    ['Entretien annuel', 'smart', ['interview']],
    ['Rdv client Acme', 'smart', ['client']],
    ['Déjeuner clients', 'smart', ['client']],
    ['Mariage de Julie et Tom', 'formal', ['wedding']],
    ['Obsèques de M. Martin', 'formal', ['funeral']],
    ['obseques', 'formal', ['funeral']],
    ['Enterrement', 'formal', ['funeral']],
    ["Conseil d'administration", 'formal', []],
    ['Salle de sport', 'sport', ['gym']],
    ['Piscine avec Léo', 'sport', ['swim']],
    ['Dîner chez Paul', 'smart', []],
    ['diner', 'smart', []],
    ['Soirée jeux', 'casual', ['party']],
    ['Job interview at Initech', 'formal', ['interview']],
    ['Board meeting', 'formal', []],
    ['Wedding', 'formal', ['wedding']],
    ['Funeral', 'formal', ['funeral']],
    ['Morning running', 'sport', ['run']],
    ['Yoga', 'sport', ['gym']],
    ['Gym then client lunch', 'smart', ['gym', 'client']],
  ])('%s → %s', (title, dressCode, activities) => {
    expect(of(title)).toEqual({ dressCode, activities });
  });

  it('needs whole words: no "run" in brunch, no "gym" in gymkhana, nothing in a plain title', () => {
    expect(of('Brunch')).toEqual({ dressCode: null, activities: [] });
    expect(of('Gymkhana des enfants')).toEqual({ dressCode: null, activities: [] });
    expect(of('Point hebdo')).toEqual({ dressCode: null, activities: [] });
  });

  it('reads the location and categories, not the description body', () => {
    expect(of('Séance', { location: 'Piscine Oberkampf' })).toEqual({ dressCode: 'sport', activities: ['swim'] });
    expect(of('Séance', { categories: ['Gym'] })).toEqual({ dressCode: 'sport', activities: ['gym'] });
    expect(of('Point', { description: 'Join the client portal: https://example.test' })).toEqual({ dressCode: null, activities: [] });
  });

  it('lets an explicit tag win: CATEGORIES value, #tag or [dress:…] / [tenue:…] in the description', () => {
    expect(of('Déjeuner', { categories: ['Formal'] }).dressCode).toBe('formal');
    expect(of('Déjeuner', { categories: ['dress:smart'] }).dressCode).toBe('smart');
    expect(of('Lunch', { description: 'Please come #smart' }).dressCode).toBe('smart');
    expect(of('Apéro', { description: 'Code: [tenue : formel]' }).dressCode).toBe('formal');
    expect(of('Wedding rehearsal', { description: '[dress:casual]' })).toEqual({ dressCode: 'casual', activities: ['wedding'] });
    expect(of('Lunch', { description: '#hashtag #unknown' }).dressCode).toBeNull();
  });

  it('sets the day by its strictest event; sport only when nothing else asks', () => {
    expect(dayDressCode([])).toBe('casual');
    expect(dayDressCode([null, 'sport'])).toBe('sport');
    expect(dayDressCode(['sport', 'smart', null])).toBe('smart');
    expect(dayDressCode(['formal', 'smart'])).toBe('formal');
  });
});
