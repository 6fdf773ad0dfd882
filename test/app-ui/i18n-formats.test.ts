import { I18n } from '@app/core/i18n';

describe('the app I18n keeps its Intl formatters by options', () => {
  it('answers as a fresh formatter would, per zone, per options and per currency', () => {
    const i18n = new I18n('fr', 'fr-FR');
    const at = '2026-12-01T22:30:00Z';
    for (let pass = 0; pass < 2; pass++) {
      expect(i18n.date(at, 'Europe/Paris', { hour: 'numeric', minute: '2-digit' })).toBe(new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Paris' }).format(new Date(at)));
      expect(i18n.date(at, 'America/New_York', { hour: 'numeric', minute: '2-digit' })).toBe(new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', timeZone: 'America/New_York' }).format(new Date(at)));
      expect(i18n.date('2026-12-01', 'Pacific/Kiritimati')).toBe(new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date('2026-12-01T12:00:00Z')));
      expect(i18n.money(12.5, 'EUR')).toBe(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(12.5));
      expect(i18n.money(12.5, 'GBP')).toBe(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'GBP' }).format(12.5));
      expect(i18n.decimal(0.36)).toBe('0,36');
      expect(i18n.number(1234.5)).toBe(new Intl.NumberFormat('fr-FR').format(1234.5));
    }
  });
});
