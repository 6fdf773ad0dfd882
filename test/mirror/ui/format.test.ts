import { Formats, unitsFor } from '@mirror/ui/core/format';

// Intl separates numbers and units with narrow/no-break spaces; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formats per household locale', () => {
  it('picks units by region: °F and inches in the US, mph but °C in the UK, metric in France', () => {
    expect(unitsFor('en-US')).toEqual({ temperature: 'fahrenheit', wind: 'mile-per-hour', precipitation: 'inch' });
    expect(unitsFor('en-GB')).toEqual({ temperature: 'celsius', wind: 'mile-per-hour', precipitation: 'millimeter' });
    expect(unitsFor('fr-FR')).toEqual({ temperature: 'celsius', wind: 'kilometer-per-hour', precipitation: 'millimeter' });
    expect(unitsFor('fr-CA')).toEqual({ temperature: 'celsius', wind: 'kilometer-per-hour', precipitation: 'millimeter' });
    expect(unitsFor('en')).toEqual(unitsFor('fr-FR'));
  });

  it('follows the household’s chosen system over its locale’s (one units module for mirror, voice and outfits)', () => {
    expect(unitsFor('en-US', 'metric')).toEqual({ temperature: 'celsius', wind: 'kilometer-per-hour', precipitation: 'millimeter' });
    expect(unitsFor('fr-FR', 'imperial')).toEqual({ temperature: 'fahrenheit', wind: 'mile-per-hour', precipitation: 'inch' });
    expect(unitsFor('en-GB', 'metric').wind).toBe('mile-per-hour');
    expect(unitsFor('en-US', null)).toEqual(unitsFor('en-US'));
    expect(plain(new Formats('fr-FR', 'Europe/Paris', 'imperial').temperature(10))).toBe('50 °F');
    expect(plain(new Formats('en-US', 'America/New_York', 'metric').temperature(10))).toBe('10°C');
  });

  it('converts the API’s metric values for the viewer', () => {
    const us = new Formats('en-US', 'America/New_York');
    expect(plain(us.temperature(8.9))).toBe('48°F');
    expect(us.degrees(-1)).toBe('30°');
    expect(plain(us.wind(3.6))).toBe('8 mph');
    expect(plain(us.precipitation(6.35))).toBe('0.25 in');
    const fr = new Formats('fr-FR', 'Europe/Paris');
    expect(plain(fr.temperature(8.6))).toBe('9 °C');
    expect(plain(fr.wind(3.6))).toBe('13 km/h');
    expect(plain(fr.precipitation(6.35))).toBe('6,4 mm');
    expect(plain(fr.money(29.9, 'EUR'))).toBe('29,90 €');
    expect(plain(us.money(7.49, 'USD'))).toBe('$7.49');
  });

  it('shows times and dates in the household zone and language', () => {
    const at = new Date('2026-11-30T13:30:00Z');
    const fr = new Formats('fr-FR', 'Europe/Paris');
    expect(fr.time(at)).toBe('14:30');
    expect(fr.time(new Date('2026-11-30T07:05:00Z'))).toBe('08:05');
    expect(fr.longDate(at)).toBe('lundi 30 novembre');
    const us = new Formats('en-US', 'America/New_York');
    expect(plain(us.time(at))).toBe('8:30 AM');
    expect(us.longDate(at)).toBe('Monday, November 30');
    expect(us.sameDay('2026-11-30T23:00:00-05:00', at)).toBe(true);
    expect(fr.sameDay('2026-11-30T23:30:00Z', at)).toBe(false);
    expect(plain(us.wallTime('23:00'))).toBe('11:00 PM');
    expect(fr.wallTime('06:30')).toBe('06:30');
  });
});

describe('languageName (the settings overlay names the household language in words)', () => {
  it('names a locale tag in the household language, and gives back a tag it cannot name', () => {
    expect(new Formats('fr-FR', 'Europe/Paris').languageName('fr-FR')).toBe('français (France)');
    expect(new Formats('en-US', 'America/New_York').languageName('en-US')).toBe('American English');
    expect(new Formats('en-GB', 'Europe/London').languageName('not a tag!')).toBe('not a tag!');
  });
});
