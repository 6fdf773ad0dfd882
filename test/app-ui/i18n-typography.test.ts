import { frenchSpacing, I18n } from '@app/core/i18n';

const NBSP = '\u00a0';

describe('French typography in the app’s strings', () => {
  it('keeps « : ; ! ? » on the line of the word before, and « with the word after', () => {
    expect(frenchSpacing('part {{when}} ; annulable jusque-là')).toBe(`part {{when}}${NBSP}; annulable jusque-là`);
    expect(frenchSpacing('Tapez « {{name}} » pour confirmer')).toBe(`Tapez «${NBSP}{{name}}${NBSP}» pour confirmer`);
    expect(frenchSpacing('Supprimer {{name}} ? Touchez encore !')).toBe(`Supprimer {{name}}${NBSP}? Touchez encore${NBSP}!`);
    // Nothing else moves: an address, a time, a space elsewhere.
    expect(frenchSpacing('https://exemple.fr à 10:15, puis')).toBe('https://exemple.fr à 10:15, puis');
  });

  it('applies to French templates only, never to what is interpolated', () => {
    const fr = new I18n('fr');
    expect(fr.t('app.orders.done.approve', { name: 'Lait : bio' })).toBe(`Lait : bio${NBSP}: approuvée.`);
    expect(new I18n('en').t('app.orders.done.approve', { name: 'Milk' })).toBe('Milk: approved.');
  });
});
