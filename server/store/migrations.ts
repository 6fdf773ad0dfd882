import type { Migration, MigrationProvider } from 'kysely';
import { bindingsMigrations } from '@server/bindings/migrations';
import { calendarMigrations } from '@server/calendar/migrations';
import { homeAssistantMigrations } from '@server/home-assistant/migrations';
import { fleetMigrations } from '@server/fleet/migrations';
import { householdMigrations } from '@server/households/migrations';
import { oauthMigrations } from '@server/oauth/migrations';
import { ordersMigrations } from '@server/orders/migrations';
import { outfitsMigrations } from '@server/outfits/migrations';
import { privacyMigrations } from '@server/privacy/migrations';
import { skillsMigrations } from '@server/skills/migrations';
import { suppliesMigrations } from '@server/supplies/migrations';
import { wardrobeMigrations } from '@server/wardrobe/migrations';
import { weatherMigrations } from '@server/weather/migrations';
import { dialectTypes, type MigrationSet } from './migration-kit';
import type { DialectName } from './store';

/**
 * Every capability owns its migrations; names are numbered in blocks so they sort into a stable
 * global order: 00xx households, 01xx weather, 02xx calendar, 03xx wardrobe, 04xx outfits,
 * 05xx supplies, 06xx orders, 07xx skills, 080x–084x bindings, 085x–089x home-assistant,
 * 09xx privacy, 10xx oauth (account linking), 11xx fleet (the shared event log and job leases).
 */
const ALL: MigrationSet[] = [
  householdMigrations,
  weatherMigrations,
  calendarMigrations,
  wardrobeMigrations,
  outfitsMigrations,
  suppliesMigrations,
  ordersMigrations,
  skillsMigrations,
  bindingsMigrations,
  homeAssistantMigrations,
  privacyMigrations,
  oauthMigrations,
  fleetMigrations,
];

export function allMigrationNames(): string[] {
  return ALL.flatMap((set) => Object.keys(set)).sort();
}

export function buildMigrationProvider(dialect: DialectName): MigrationProvider {
  const types = dialectTypes(dialect);
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const set of ALL) {
        for (const [name, m] of Object.entries(set)) {
          if (out[name]) throw new Error(`duplicate migration name ${name}`);
          out[name] = {
            up: (db) => m.up(db, types),
            down: m.down ? (db) => m.down!(db, types) : undefined,
          };
        }
      }
      return out;
    },
  };
}
