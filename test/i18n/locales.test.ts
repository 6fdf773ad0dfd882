import fs from 'node:fs';
import path from 'node:path';
import { loadLocaleResources, SUPPORTED_LANGUAGES, translator, type LocaleTree } from '@server/plugins/i18n';

const root = path.resolve(__dirname, '../..');

function flatten(tree: LocaleTree, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || Array.isArray(value)) out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist', 'fixtures', 'skill-package', 'agent'].includes(entry.name)) sourceFiles(full, out);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const resources = loadLocaleResources(path.join(root, 'locales'));
const flat = Object.fromEntries(SUPPORTED_LANGUAGES.map((lng) => [lng, flatten(resources[lng])]));

describe('locales', () => {
  it('have the same keys in every language', () => {
    const [first, ...rest] = SUPPORTED_LANGUAGES;
    for (const lng of rest) {
      const missingHere = [...flat[first].keys()].filter((k) => !flat[lng].has(k));
      const missingThere = [...flat[lng].keys()].filter((k) => !flat[first].has(k));
      expect({ lng, missing: missingHere }).toEqual({ lng, missing: [] });
      expect({ lng: first, missing: missingThere }).toEqual({ lng: first, missing: [] });
    }
  });

  it('use the same interpolation variables in every language', () => {
    const vars = (v: string | string[]) => [...new Set([...String(v).matchAll(/{{\s*([\w.]+)/g)].map((m) => m[1]))].sort();
    for (const [key, en] of flat.en) {
      const fr = flat.fr.get(key);
      if (fr === undefined || Array.isArray(en)) continue;
      expect({ key, vars: vars(fr) }).toEqual({ key, vars: vars(en) });
    }
  });

  it('have no empty strings', () => {
    for (const lng of SUPPORTED_LANGUAGES) {
      const empty = [...flat[lng]].filter(([, v]) => (Array.isArray(v) ? v.length === 0 || v.some((s) => !s.trim()) : !v.trim())).map(([k]) => k);
      expect({ lng, empty }).toEqual({ lng, empty: [] });
    }
  });

  it('contain every key the code uses literally', () => {
    const used = new Set<string>();
    const patterns = [/new AppError\(\s*'([a-zA-Z0-9_.]+)'/g, /\bt\(\s*'([a-zA-Z0-9_]+\.[a-zA-Z0-9_.]+)'/g, /speechKey:\s*'([a-zA-Z0-9_.]+)'/g, /forbidden\(\s*'([a-zA-Z0-9_.]+)'/g, /badRequest\(\s*'([a-zA-Z0-9_.]+)'/g, /conflict\(\s*'([a-zA-Z0-9_.]+)'/g];
    for (const dir of ['server', 'skills', 'mirror', 'app']) {
      if (!fs.existsSync(path.join(root, dir))) continue;
      for (const file of sourceFiles(path.join(root, dir))) {
        const text = fs.readFileSync(file, 'utf8');
        for (const pattern of patterns) for (const m of text.matchAll(pattern)) used.add(m[1]);
      }
    }
    // A plural key exists as its forms (`key_one`, `key_other`); an object key as its children.
    const isPresent = (key: string, lng: string) =>
      flat[lng].has(key) || flat[lng].has(`${key}_other`) || [...flat[lng].keys()].some((k) => k.startsWith(`${key}.`));
    for (const lng of SUPPORTED_LANGUAGES) {
      const missing = [...used].filter((k) => !isPresent(k, lng)).sort();
      expect({ lng, missing }).toEqual({ lng, missing: [] });
    }
  });

  it('translate per request without re-initialising', () => {
    expect(translator('fr-FR')('errors.unauthorized')).toContain('jeton');
    expect(translator('en-GB')('errors.unauthorized')).toContain('token');
    expect(translator('de-DE')('errors.unauthorized')).toContain('token');
  });
});
