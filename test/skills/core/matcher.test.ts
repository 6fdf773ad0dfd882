import { matchConfirmation, matchUtterance, normalize } from '@skills/core/matcher';

/** The `miroir say` matcher over the generated utterances: what a recogniser would hand the skill. */
describe('matchUtterance', () => {
  it('ignores case, punctuation and accents', () => {
    expect(normalize("Qu'est-ce qui va manquer ?")).toBe('qu est ce qui va manquer');
    expect(matchUtterance('Où en est ma commande ?', 'fr-FR')?.intent).toBe('OrderStatus');
    expect(matchUtterance('OU EN EST MA COMMANDE', 'fr-CA')?.intent).toBe('OrderStatus');
  });

  it('fills a quantity from digits or number words, and never mistakes a word for one', () => {
    expect(matchUtterance('order two milk', 'en-US')).toEqual({ intent: 'ReorderSupply', slots: { quantity: { raw: '2', id: '2' }, supply: { raw: 'milk', id: 'milk' } } });
    expect(matchUtterance('commande 3 lait', 'fr-FR')?.slots.quantity?.raw).toBe('3');
    expect(matchUtterance('commande papier toilette', 'fr-FR')).toEqual({ intent: 'ReorderSupply', slots: { supply: { raw: 'papier toilette', id: 'toilet_paper' } } });
    expect(matchUtterance('buy oat milk', 'en-GB')).toEqual({ intent: 'ReorderSupply', slots: { supply: { raw: 'oat milk', id: null } } });
  });

  it('resolves closed slot values to their ids, by any synonym, and refuses values outside them', () => {
    expect(matchUtterance('what should I wear on friday', 'en-US')?.slots.day).toEqual({ raw: 'on friday', id: 'friday' });
    expect(matchUtterance('que porter pour mon entretien', 'fr-FR')?.slots.occasion?.id).toBe('interview');
    expect(matchUtterance("c'était trop chaud", 'fr-FR')).toEqual({ intent: 'OutfitFeedback', slots: { rating: { raw: 'trop chaud', id: 'too_warm' } } });
    expect(matchUtterance('what should I wear on holiday', 'en-US')).toBeNull();
    // Two slots side by side: every split is tried, not only the first.
    expect(matchUtterance('que porter pour le mariage samedi', 'fr-FR')?.slots).toEqual({ occasion: { raw: 'le mariage', id: 'wedding' }, day: { raw: 'samedi', id: 'saturday' } });
    expect(matchUtterance('commande du café', 'fr-FR')?.slots).toEqual({ supply: { raw: 'du café', id: 'coffee' } });
  });

  it('reads a pairing code said with spaces', () => {
    expect(matchUtterance('my code is 482913', 'en-US')?.slots.code).toEqual({ raw: '482913', id: '482913' });
    expect(matchUtterance('mon code est 482 913', 'fr-FR')?.slots.code?.raw).toBe('482913');
  });

  it('hears yes and no in both languages only as whole answers', () => {
    expect(matchConfirmation('Oui', 'fr-FR')).toBe('confirmed');
    expect(matchConfirmation('non merci', 'fr-FR')).toBe('denied');
    expect(matchConfirmation('yes please', 'en-AU')).toBe('confirmed');
    expect(matchConfirmation('yes but order coffee too', 'en-US')).toBeNull();
  });
});
