import fs from 'node:fs';
import path from 'node:path';
import { BRING_ITEMS } from '@server/outfits/engine/bring';
import { MODULE_DIR } from './support/magicmirror';

const read = (lang: string) => JSON.parse(fs.readFileSync(path.join(MODULE_DIR, 'translations', `${lang}.json`), 'utf8')) as Record<string, string>;

describe("MMM-Miroir's translations", () => {
  const en = read('en');
  const fr = read('fr');
  const source = fs.readFileSync(path.join(MODULE_DIR, 'MMM-Miroir.js'), 'utf8');

  it('have the same keys and placeholders in English and French, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const vars = (s: string) => [...s.matchAll(/{(\w+)}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en)) {
      expect({ key, vars: vars(fr[key]) }).toEqual({ key, vars: vars(en[key]) });
      expect(en[key].trim() && fr[key].trim()).toBeTruthy();
    }
  });

  it('hold every key the module uses, the computed ones included', () => {
    const literal = [...source.matchAll(/translate\("([A-Z_]+)"/g), ...source.matchAll(/section\("\w+", "([A-Z_]+)"\)/g)].map((m) => m[1]);
    const computed = [
      // Every item the outfit engine can put on a bring list, every status the helper passes on.
      ...BRING_ITEMS.map((i) => `ITEM_${i.toUpperCase()}`),
      ...jest.requireActual<{ ON_THE_WAY: string[] }>(path.join(MODULE_DIR, 'lib/miroir-client.js')).ON_THE_WAY.map((s) => `STATUS_${s.toUpperCase()}`),
      ...['NO_TOKEN', 'TOKEN_IN_CONFIG', 'UNAUTHORIZED', 'UNREACHABLE', 'SERVER_ERROR', 'URL_MISMATCH'].map((c) => `ERROR_${c}`),
    ];
    expect(literal.length).toBeGreaterThan(5);
    for (const key of [...literal, ...computed]) expect({ key, known: key in en }).toEqual({ key, known: true });
  });
});
