import { IANAZone } from 'luxon';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/**
 * Windows time zone names (what Outlook and Exchange write in TZID) to IANA zones, from the "001"
 * (default territory) rows of Unicode CLDR's windowsZones.xml as the `windows-iana` package ships
 * them (updated with CLDR, so a new Windows zone needs a package update, not an edit here).
 * Exchange also writes these names without any VTIMEZONE block, so a name unknown here would
 * become floating time. Looked up without regard to case, built once.
 */
let byName: Map<string, string> | null = null;

function table(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  for (const row of WINDOWS_TO_IANA_MAP) {
    if (row.territory !== '001') continue;
    // CLDR lists the canonical zone first; the first one this runtime knows is taken.
    const iana = row.iana.find((name) => IANAZone.isValidZone(name));
    if (iana) byName.set(row.windowsName.toLowerCase(), iana);
  }
  return byName;
}

/** The IANA zone of a Windows zone name (`Romance Standard Time` → `Europe/Paris`), or null. */
export function windowsToIana(name: string): string | null {
  return table().get(name.trim().toLowerCase()) ?? null;
}

/** Every Windows zone name CLDR maps, for tests and diagnostics. */
export function windowsZoneNames(): string[] {
  return [...new Set(WINDOWS_TO_IANA_MAP.filter((row) => row.territory === '001').map((row) => row.windowsName))];
}
