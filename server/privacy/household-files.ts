import fs from 'node:fs';
import path from 'node:path';

/**
 * Files kept per household live in `<dataDir>/<area>/<householdId>/` (photos today; any other
 * capability that follows the same layout is covered). Found by walking the data dir, not from a
 * list, so a new area is exported and erased too.
 */
export interface HouseholdFile {
  /** Top-level folder under the data dir, e.g. `photos`. */
  area: string;
  /** Path inside the household's folder of that area, `/`-separated. */
  name: string;
  size: number;
  fullPath: string;
}

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_DEPTH = 3;

/** Every folder named after the household within a few levels of the data dir. */
export function householdDirs(dataDir: string, householdId: string): { area: string; dir: string }[] {
  const out: { area: string; dir: string }[] = [];
  const walk = (dir: string, depth: number, area: string | null): void => {
    if (depth > MAX_DEPTH) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === householdId && area) out.push({ area, dir: full });
      else walk(full, depth + 1, area ?? entry.name);
    }
  };
  walk(dataDir, 0, null);
  return out;
}

export function listHouseholdFiles(dataDir: string, householdId: string): HouseholdFile[] {
  const files: HouseholdFile[] = [];
  for (const { area, dir } of householdDirs(dataDir, householdId)) {
    const walk = (current: string, prefix: string): void => {
      for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        const name = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(full, name);
        else if (entry.isFile() && !entry.name.endsWith('.tmp')) files.push({ area, name, size: fs.statSync(full).size, fullPath: full });
      }
    };
    walk(dir, '');
  }
  return files.sort((a, b) => `${a.area}/${a.name}`.localeCompare(`${b.area}/${b.name}`));
}

/** One file of the household by area and name, refusing anything that could step outside its folder. */
export function readHouseholdFile(dataDir: string, householdId: string, area: string, name: string): Buffer | null {
  if (!SAFE_SEGMENT.test(area) || !name.split('/').every((s) => SAFE_SEGMENT.test(s))) return null;
  const base = path.resolve(dataDir, area, householdId);
  const full = path.resolve(base, name);
  if (!full.startsWith(base + path.sep)) return null;
  try {
    return fs.statSync(full).isFile() ? fs.readFileSync(full) : null;
  } catch {
    return null;
  }
}

/** Removes every household folder; returns how many files went with them. */
export function removeHouseholdFiles(dataDir: string, householdId: string): number {
  const count = listHouseholdFiles(dataDir, householdId).length;
  for (const { dir } of householdDirs(dataDir, householdId)) fs.rmSync(dir, { recursive: true, force: true });
  return count;
}
