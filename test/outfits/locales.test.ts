import fs from 'node:fs';
import path from 'node:path';
import { BRING_ITEMS } from '@server/outfits/engine/bring';
import { localesDir, translator } from '@server/plugins/i18n';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe('outfit and wardrobe locales', () => {
  it.each(['outfits', 'wardrobe'])('%s.json has the same keys in English and French', (ns) => {
    const read = (lng: string) => JSON.parse(fs.readFileSync(path.join(localesDir(), lng, `${ns}.json`), 'utf8')) as Tree;
    expect(keys(read('fr')).sort()).toEqual(keys(read('en')).sort());
  });

  it('has a label for every bring item, missing slot and relaxed rule the engine emits', () => {
    for (const lng of ['en', 'fr']) {
      const t = translator(lng);
      const used = [
        ...BRING_ITEMS.map((b) => `outfits.bring.${b}`),
        ...['top', 'bottom', 'footwear'].map((m) => `outfits.missing.${m}`),
        ...['rainGear', 'noBareLegs', 'noOpenShoes', 'formalityFloor'].map((r) => `outfits.relaxed.${r}`),
      ];
      for (const key of used) expect(t(key)).not.toBe(key);
    }
  });
});
