import fs from 'node:fs';
import path from 'node:path';

type Tree = { [key: string]: string | Tree };
const ROOT = path.resolve(__dirname, '../..');

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe.each(['supplies', 'orders'])('locales of %s', (ns) => {
  const load = (lng: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lng, `${ns}.json`), 'utf8')) as Tree;

  it('has the same keys in English and French, none empty', () => {
    const en = keys(load('en')).sort();
    expect(keys(load('fr')).sort()).toEqual(en);
    expect(en.length).toBeGreaterThan(3);
  });

  it('has every key the code uses', () => {
    const code = [...sources(path.join(ROOT, 'server/supplies')), ...sources(path.join(ROOT, 'server/orders'))].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // Message keys are camelCase (`orders.tooLateToCancel`); `orders.status` is a column, not a key.
    const used = [...code.matchAll(new RegExp(`'${ns}\\.(notify\\.[a-zA-Z]+|[a-z]+[A-Z][a-zA-Z]*)'`, 'g'))].map((m) => m[1]);
    expect(used).toEqual(expect.arrayContaining([`${ns === 'orders' ? 'notify.placed' : 'notify.low'}`]));
    const known = new Set(keys(load('en')));
    expect(used.filter((k) => !known.has(k))).toEqual([]);
  });
});
