import type { Clock } from '@server/core/clock';
import { AppError, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import type { Queryable, Store } from '@server/store/store';
import type { HouseholdsTable, ProfilesTable } from './tables';
import { HouseholdReadCache } from './household-cache';
import { TokenService } from './tokens';

export interface CommuteSettings {
  /** Local times HH:MM when the person usually leaves and comes back on a working day. */
  leave: string;
  return: string;
  /** ISO weekdays (1 = Monday) the commute applies to. */
  days: number[];
}

export interface HouseholdSettings {
  commute: CommuteSettings;
  /** The mirror dims between these local times. */
  nightMode: { enabled: boolean; start: string; end: string };
}

export const DEFAULT_SETTINGS: HouseholdSettings = {
  commute: { leave: '08:00', return: '18:30', days: [1, 2, 3, 4, 5] },
  nightMode: { enabled: true, start: '23:00', end: '06:30' },
};

export interface Household {
  id: string;
  name: string;
  locale: string;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
  currency: string;
  settings: HouseholdSettings;
  createdAt: string;
}

export interface Profile {
  id: string;
  householdId: string;
  name: string;
  locale: string;
  isDefault: boolean;
  voicePersonId: string | null;
}

export interface NewHousehold {
  name: string;
  locale?: string;
  timezone?: string;
  latitude?: number | null;
  longitude?: number | null;
  currency?: string;
  profiles?: { name: string; locale?: string }[];
  settings?: Partial<HouseholdSettings>;
}

export interface HouseholdPatch {
  name?: string;
  locale?: string;
  timezone?: string;
  latitude?: number | null;
  longitude?: number | null;
  settings?: { commute?: Partial<CommuteSettings>; nightMode?: Partial<HouseholdSettings['nightMode']> };
}

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function toHousehold(row: HouseholdsTable): Household {
  const stored = JSON.parse(row.settings) as Partial<HouseholdSettings>;
  return {
    id: row.id,
    name: row.name,
    locale: row.locale,
    timezone: row.timezone,
    latitude: row.latitude,
    longitude: row.longitude,
    currency: row.currency,
    settings: { ...DEFAULT_SETTINGS, ...stored },
    createdAt: row.created_at,
  };
}

function toProfile(row: ProfilesTable, household: { locale: string }): Profile {
  return {
    id: row.id,
    householdId: row.household_id,
    name: row.name,
    locale: row.locale ?? household.locale,
    isDefault: row.is_default === 1,
    voicePersonId: row.voice_person_id,
  };
}

/** Households, the people in them and their tokens (`tokens`: kept only as SHA-256 hashes). */
export class HouseholdService {
  readonly tokens: TokenService;

  /** The household row and its profiles, read by nearly every request (see HouseholdReadCache). */
  private readonly households: HouseholdReadCache<Household>;
  private readonly profiles: HouseholdReadCache<ProfilesTable[]>;

  constructor(private readonly store: Store, private readonly clock: Clock) {
    this.tokens = new TokenService(store, clock);
    this.households = new HouseholdReadCache(this.tokens.cache);
    this.profiles = new HouseholdReadCache(this.tokens.cache);
  }

  async create(input: NewHousehold): Promise<{ household: Household; profiles: Profile[]; token: string }> {
    const timezone = input.timezone ?? 'Europe/Paris';
    if (!isValidTimezone(timezone)) throw new AppError('households.invalidTimezone', 400, { timezone });
    const now = this.clock.now().toISOString();
    const id = newId();
    const locale = input.locale ?? 'fr-FR';
    let token = '';
    const profileInputs = input.profiles && input.profiles.length > 0 ? input.profiles : [{ name: input.name }];
    await this.store.transaction(async (tx) => {
      await tx
        .insertInto('households')
        .values({
          id,
          name: input.name,
          locale,
          timezone,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          currency: input.currency ?? 'EUR',
          settings: JSON.stringify({ ...DEFAULT_SETTINGS, ...input.settings }),
          created_at: now,
        })
        .execute();
      for (const [index, p] of profileInputs.entries()) {
        await tx
          .insertInto('profiles')
          .values({
            id: newId(),
            household_id: id,
            name: p.name,
            locale: p.locale ?? null,
            voice_person_id: null,
            is_default: index === 0 ? 1 : 0,
            created_at: now,
          })
          .execute();
      }
      token = await this.tokens.issue(id, 'owner', null, 'owner', tx);
      if (input.latitude != null && input.longitude != null) {
        // Giving a location is the household's consent to use it (for the weather).
        await tx.insertInto('consents').values({ household_id: id, source: 'location', granted: 1, updated_at: now }).execute();
      }
    });
    const household = await this.get(id);
    return { household, profiles: await this.listProfiles(id), token };
  }

  async get(householdId: string, db: Queryable = this.store.db): Promise<Household> {
    // Inside a transaction the caller reads what it may be about to change: always the store.
    const shared = db === this.store.db;
    const cached = shared ? this.households.get(householdId) : undefined;
    if (cached) return cached;
    const startedAt = this.households.begin();
    const row = await db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirst();
    if (!row) throw notFound('household');
    const household = toHousehold(row);
    if (shared) this.households.set(householdId, household, startedAt);
    return household;
  }

  async listIds(): Promise<string[]> {
    const rows = await this.store.db.selectFrom('households').select('id').orderBy('created_at').execute();
    return rows.map((r) => r.id);
  }

  async update(householdId: string, patch: HouseholdPatch): Promise<Household> {
    if (patch.timezone !== undefined && !isValidTimezone(patch.timezone)) {
      throw new AppError('households.invalidTimezone', 400, { timezone: patch.timezone });
    }
    return this.store.transaction(async (tx) => {
      const current = await this.get(householdId, tx);
      const settings: HouseholdSettings = {
        commute: { ...current.settings.commute, ...patch.settings?.commute },
        nightMode: { ...current.settings.nightMode, ...patch.settings?.nightMode },
      };
      await tx
        .updateTable('households')
        .set({
          name: patch.name ?? current.name,
          locale: patch.locale ?? current.locale,
          timezone: patch.timezone ?? current.timezone,
          latitude: patch.latitude !== undefined ? patch.latitude : current.latitude,
          longitude: patch.longitude !== undefined ? patch.longitude : current.longitude,
          settings: JSON.stringify(settings),
        })
        .where('id', '=', householdId)
        .execute();
      // Every token's AuthContext carries the locale and timezone.
      await this.tokens.invalidate(tx, householdId);
      return this.get(householdId, tx);
    });
  }

  /** The household's people, default first; pass the household when already loaded (one query less). */
  async listProfiles(householdId: string, db: Queryable = this.store.db, known?: Household): Promise<Profile[]> {
    const household = known && known.id === householdId ? known : await this.get(householdId, db);
    const shared = db === this.store.db;
    let rows = shared ? this.profiles.get(householdId) : undefined;
    if (!rows) {
      const startedAt = this.profiles.begin();
      rows = await db
        .selectFrom('profiles')
        .selectAll()
        .where('household_id', '=', householdId)
        .orderBy('is_default', 'desc')
        .orderBy('created_at')
        .orderBy('name')
        .execute();
      if (shared) this.profiles.set(householdId, rows, startedAt);
    }
    return rows.map((r) => toProfile(r, household));
  }

  async addProfile(householdId: string, input: { name: string; locale?: string }): Promise<Profile> {
    const household = await this.get(householdId);
    const id = newId();
    await this.store.db
      .insertInto('profiles')
      .values({
        id,
        household_id: householdId,
        name: input.name,
        locale: input.locale ?? null,
        voice_person_id: null,
        is_default: 0,
        created_at: this.clock.now().toISOString(),
      })
      .execute();
    await this.tokens.invalidate(this.store.db, householdId);
    return toProfile((await this.profileRow(householdId, id))!, household);
  }

  async updateProfile(householdId: string, profileId: string, patch: { name?: string; locale?: string | null; voicePersonId?: string | null }): Promise<Profile> {
    const household = await this.get(householdId);
    const row = await this.profileRow(householdId, profileId);
    if (!row) throw notFound('profile');
    await this.store.db
      .updateTable('profiles')
      .set({
        name: patch.name ?? row.name,
        locale: patch.locale !== undefined ? patch.locale : row.locale,
        voice_person_id: patch.voicePersonId !== undefined ? patch.voicePersonId : row.voice_person_id,
      })
      .where('id', '=', profileId)
      .where('household_id', '=', householdId)
      .execute();
    await this.tokens.invalidate(this.store.db, householdId);
    return toProfile((await this.profileRow(householdId, profileId))!, household);
  }

  /** The named profile of this household, or its default one; a foreign id is a 404. */
  async resolveProfile(householdId: string, profileId?: string | null): Promise<Profile> {
    const profiles = await this.listProfiles(householdId);
    if (profileId) {
      const found = profiles.find((p) => p.id === profileId || p.name.toLowerCase() === profileId.toLowerCase());
      if (!found) throw notFound('profile', { id: profileId });
      return found;
    }
    const fallback = profiles.find((p) => p.isDefault) ?? profiles[0];
    if (!fallback) throw notFound('profile');
    return fallback;
  }

  async profileByVoicePerson(householdId: string, personId: string): Promise<Profile | null> {
    const profiles = await this.listProfiles(householdId);
    return profiles.find((p) => p.voicePersonId === personId) ?? null;
  }

  private async profileRow(householdId: string, profileId: string): Promise<ProfilesTable | undefined> {
    return this.store.db
      .selectFrom('profiles')
      .selectAll()
      .where('id', '=', profileId)
      .where('household_id', '=', householdId)
      .executeTakeFirst();
  }
}
