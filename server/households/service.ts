import type { Selectable } from 'kysely';
import type { Clock } from '@server/core/clock';
import { AppError, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import { defaultUnitSystem, type UnitSystem } from '@server/core/units';
import type { Queryable, Store } from '@server/store/store';
import { COMFORTS, type Comfort } from './comfort';
import { currencyForLocale } from './currency';
import type { HouseholdsTable, ProfilesTable } from './tables';
import { HouseholdReadCache } from './household-cache';
import { TokenService } from './tokens';

export { COMFORTS, type Comfort };

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
  /** The household's choice, else what its locale reads. */
  units: UnitSystem;
  /** The household `npm start` seeded to explore; first run replaces it. */
  demo: boolean;
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
  comfort: Comfort;
}

export interface NewPerson {
  name: string;
  locale?: string;
  comfort?: Comfort;
}

/** What removing a person takes with them (the app names it before asking). */
export interface PersonRemoval {
  garments: number;
  feedback: number;
  calendars: number;
}

export interface NewHousehold {
  name: string;
  locale?: string;
  timezone?: string;
  latitude?: number | null;
  longitude?: number | null;
  currency?: string;
  units?: UnitSystem | null;
  profiles?: NewPerson[];
  settings?: Partial<HouseholdSettings>;
  /** Set by the seed only. */
  demo?: boolean;
  /** The first token: an owner token by default; first run gives the phone an app token. */
  firstToken?: { scope: 'owner' | 'app'; label: string };
}

export interface HouseholdPatch {
  name?: string;
  locale?: string;
  timezone?: string;
  latitude?: number | null;
  longitude?: number | null;
  currency?: string;
  units?: UnitSystem;
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

function toHousehold(row: Selectable<HouseholdsTable>): Household {
  const stored = JSON.parse(row.settings) as Partial<HouseholdSettings>;
  return {
    id: row.id,
    name: row.name,
    locale: row.locale,
    timezone: row.timezone,
    latitude: row.latitude,
    longitude: row.longitude,
    currency: row.currency,
    units: row.units === 'metric' || row.units === 'imperial' ? row.units : defaultUnitSystem(row.locale),
    demo: row.is_demo === 1,
    settings: { ...DEFAULT_SETTINGS, ...stored },
    createdAt: row.created_at,
  };
}

function toProfile(row: Selectable<ProfilesTable>, household: { locale: string }): Profile {
  return {
    id: row.id,
    householdId: row.household_id,
    name: row.name,
    locale: row.locale ?? household.locale,
    isDefault: row.is_default === 1,
    voicePersonId: row.voice_person_id,
    comfort: (COMFORTS as readonly string[]).includes(row.comfort) ? (row.comfort as Comfort) : 'neutral',
  };
}

/** Households, the people in them and their tokens (`tokens`: kept only as SHA-256 hashes). */
export class HouseholdService {
  readonly tokens: TokenService;

  /** The household row and its profiles, read by nearly every request (see HouseholdReadCache). */
  private readonly households: HouseholdReadCache<Household>;
  private readonly profiles: HouseholdReadCache<Selectable<ProfilesTable>[]>;
  /**
   * `GET /api/v1/household`'s body as written, for people and for the mirror's display token: the
   * mirror and every app screen read it, and building and serializing it was a fifth of that
   * request's time. Kept with the rows it is made of, so the same writers invalidate it.
   */
  private readonly renderedViews: Record<'people' | 'display', HouseholdReadCache<string>>;

  constructor(private readonly store: Store, private readonly clock: Clock) {
    this.tokens = new TokenService(store, clock);
    this.households = new HouseholdReadCache(this.tokens.cache);
    this.profiles = new HouseholdReadCache(this.tokens.cache);
    this.renderedViews = { people: new HouseholdReadCache(this.tokens.cache), display: new HouseholdReadCache(this.tokens.cache) };
  }

  async create(input: NewHousehold): Promise<{ household: Household; profiles: Profile[]; token: string }> {
    return this.store.transaction((tx) => this.createIn(tx, input));
  }

  /** The same inside the caller's transaction (first run creates, mints and checks in one). */
  async createIn(tx: Queryable, input: NewHousehold): Promise<{ household: Household; profiles: Profile[]; token: string }> {
    const timezone = input.timezone ?? 'Europe/Paris';
    if (!isValidTimezone(timezone)) throw new AppError('households.invalidTimezone', 400, { timezone });
    const now = this.clock.now().toISOString();
    const id = newId();
    const locale = input.locale ?? 'fr-FR';
    const profileInputs: NewPerson[] = input.profiles && input.profiles.length > 0 ? input.profiles : [{ name: input.name }];
    await tx
      .insertInto('households')
      .values({
        id,
        name: input.name,
        locale,
        timezone,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        currency: input.currency ?? currencyForLocale(locale),
        units: input.units ?? null,
        is_demo: input.demo ? 1 : 0,
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
          comfort: p.comfort ?? 'neutral',
          created_at: now,
        })
        .execute();
    }
    const first = input.firstToken ?? { scope: 'owner', label: 'owner' };
    const token = await this.tokens.issue(id, first.scope, null, first.label, tx);
    if (input.latitude != null && input.longitude != null) {
      // Giving a location is the household's consent to use it (for the weather).
      await tx.insertInto('consents').values({ household_id: id, source: 'location', granted: 1, updated_at: now }).execute();
    }
    const household = await this.get(id, tx);
    return { household, profiles: await this.listProfiles(id, tx, household), token };
  }

  /** The household read's body for this audience, `render`ed from the household and its people when not kept. */
  renderedView(householdId: string, audience: 'people' | 'display', render: () => Promise<string>): Promise<string> {
    return this.renderedViews[audience].through(householdId, render);
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

  /** Every household, settings included (the mirror's night schedule watch reads them each minute). */
  async list(db: Queryable = this.store.db): Promise<Household[]> {
    const rows = await db.selectFrom('households').selectAll().orderBy('created_at').execute();
    return rows.map(toHousehold);
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
          ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
          ...(patch.units !== undefined ? { units: patch.units } : {}),
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

  async addProfile(householdId: string, input: NewPerson): Promise<Profile> {
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
        comfort: input.comfort ?? 'neutral',
        created_at: this.clock.now().toISOString(),
      })
      .execute();
    await this.tokens.invalidate(this.store.db, householdId);
    return toProfile((await this.profileRow(householdId, id))!, household);
  }

  /**
   * Name, language, comfort and the voice profile id. A voice id names one person in the
   * household (a clash is a 409 on `voicePersonId`); null unlinks it. Checked and written in one
   * transaction so two phones cannot give the same voice to two people.
   */
  async updateProfile(
    householdId: string,
    profileId: string,
    patch: { name?: string; locale?: string | null; voicePersonId?: string | null; comfort?: Comfort },
  ): Promise<Profile> {
    return this.store.transaction(async (tx) => {
      const household = await this.get(householdId, tx);
      const row = await this.profileRow(householdId, profileId, tx);
      if (!row) throw notFound('profile');
      if (patch.voicePersonId) {
        const clash = await tx
          .selectFrom('profiles')
          .select('name')
          .where('household_id', '=', householdId)
          .where('voice_person_id', '=', patch.voicePersonId)
          .where('id', '!=', profileId)
          .executeTakeFirst();
        if (clash) throw new AppError('households.voicePersonTaken', 409, { field: 'voicePersonId', name: clash.name });
      }
      await tx
        .updateTable('profiles')
        .set({
          name: patch.name ?? row.name,
          locale: patch.locale !== undefined ? patch.locale : row.locale,
          voice_person_id: patch.voicePersonId !== undefined ? patch.voicePersonId : row.voice_person_id,
          comfort: patch.comfort ?? row.comfort,
        })
        .where('id', '=', profileId)
        .where('household_id', '=', householdId)
        .execute();
      await this.tokens.invalidate(tx, householdId);
      return toProfile((await this.profileRow(householdId, profileId, tx))!, household);
    });
  }

  /** What removing this person would delete: their garments (and wear log), feedback and their own calendars. */
  async removalOf(householdId: string, profileId: string, db: Queryable = this.store.db): Promise<PersonRemoval> {
    if (!(await this.profileRow(householdId, profileId, db))) throw notFound('profile');
    const count = async (table: 'garments' | 'outfit_feedback' | 'calendars') => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('household_id', '=', householdId)
        .where('profile_id', '=', profileId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return { garments: await count('garments'), feedback: await count('outfit_feedback'), calendars: await count('calendars') };
  }

  /**
   * Removes a person with everything that is theirs alone, in one transaction: garments and their
   * wear log, feedback and what was learned from it, their own calendars (the foreign keys cascade
   * from the profile). The household's last person stays (409): the household is erased instead.
   * When the default person goes, the oldest remaining one becomes the default. Returns the counts
   * and the garment photo files for the caller to delete once the rows are gone.
   */
  async removeProfile(householdId: string, profileId: string): Promise<{ removed: PersonRemoval; photos: string[] }> {
    return this.store.transaction(async (tx) => {
      const row = await this.profileRow(householdId, profileId, tx);
      if (!row) throw notFound('profile');
      const people = await tx.selectFrom('profiles').select(['id']).where('household_id', '=', householdId).orderBy('created_at').orderBy('id').execute();
      if (people.length <= 1) throw new AppError('households.lastPerson', 409, { name: row.name });
      const removed = await this.removalOf(householdId, profileId, tx);
      const photos = await tx.selectFrom('garments').select('photo').where('household_id', '=', householdId).where('profile_id', '=', profileId).where('photo', 'is not', null).execute();
      await tx.deleteFrom('profiles').where('id', '=', profileId).where('household_id', '=', householdId).execute();
      if (row.is_default === 1) {
        const next = people.find((p) => p.id !== profileId)!;
        await tx.updateTable('profiles').set({ is_default: 1 }).where('id', '=', next.id).execute();
      }
      await this.tokens.invalidate(tx, householdId);
      return { removed, photos: photos.map((p) => p.photo).filter((p): p is string => p !== null) };
    });
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

  private async profileRow(householdId: string, profileId: string, db: Queryable = this.store.db): Promise<Selectable<ProfilesTable> | undefined> {
    return db
      .selectFrom('profiles')
      .selectAll()
      .where('id', '=', profileId)
      .where('household_id', '=', householdId)
      .executeTakeFirst();
  }
}
