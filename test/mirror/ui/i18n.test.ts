import fs from 'node:fs';
import path from 'node:path';
import { I18n, languageOf } from '@mirror/ui/core/i18n';
import { KNOWN_WEATHER_TYPES } from '@mirror/ui/regions/weather/weather-icons';
import { ON_THE_WAY } from '@mirror/ui/regions/deliveries/deliveries-region';

const root = path.resolve(__dirname, '../../..');
const load = (lng: string) => JSON.parse(fs.readFileSync(path.join(root, 'locales', lng, 'mirror.json'), 'utf8')) as Record<string, unknown>;

function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('mirror strings', () => {
  it('has the same keys in English and French', () => {
    expect(keysOf(load('fr')).sort()).toEqual(keysOf(load('en')).sort());
  });

  it('has every key the UI names, in both languages', () => {
    const used = new Set<string>();
    for (const file of sources(path.join(root, 'mirror/ui'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(mirror\.ui\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]);
    }
    // Keys built from data: every value the UI can meet.
    for (const t of KNOWN_WEATHER_TYPES) used.add(`mirror.ui.weather.types.${t}`);
    for (const s of ON_THE_WAY) used.add(`mirror.ui.deliveries.status.${s}`);
    for (const r of ['clock', 'weather', 'agenda', 'outfits', 'supplies', 'deliveries']) used.add(`mirror.ui.unavailable.${r}`);
    for (const p of ['alexa', 'google']) used.add(`mirror.ui.pairing.done.${p}`);
    expect(used.size).toBeGreaterThan(60);
    for (const lng of ['en', 'fr']) {
      const i18n = new I18n(lng);
      const missing = [...used].filter((k) => !i18n.has(k) && !i18n.has(`${k}_other`));
      expect(`${lng}: ${missing.join(', ')}`).toBe(`${lng}: `);
    }
  });

  it('interpolates, pluralises by language, and falls back to English then to the key', () => {
    const fr = new I18n('fr-FR');
    const en = new I18n('en-US');
    expect(fr.t('mirror.ui.supplies.daysLeft', { count: 0 })).toBe('0 jour restant');
    expect(en.t('mirror.ui.supplies.daysLeft', { count: 0 })).toBe('0 days left');
    expect(en.t('mirror.ui.supplies.daysLeft', { count: 1 })).toBe('1 day left');
    expect(fr.t('mirror.ui.supplies.daysLeft', { count: 3 })).toBe('3 jours restants');
    expect(fr.t('mirror.ui.weather.feelsLike', { value: '5 °C' })).toBe('ressenti 5 °C');
    expect(fr.t('mirror.ui.no.such.key')).toBe('mirror.ui.no.such.key');
    expect(languageOf('fr-CA')).toBe('fr');
    expect(languageOf('de-DE')).toBe('en');
  });
});
