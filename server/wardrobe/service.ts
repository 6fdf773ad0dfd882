import type { Clock } from '@server/core/clock';
import { AppError, notFound } from '@server/core/errors';
import type { EventBus } from '@server/core/event-bus';
import { newId } from '@server/core/ids';
import type { HouseholdService } from '@server/households/service';
import { prepare } from '@server/store/prepared';
import type { Queryable, Store } from '@server/store/store';
import { kindInfo, storedKind, type Category, type Formality } from './kinds';
import type { GarmentsTable } from './tables';

/** A garment as CONTRACT.md shows it. */
export interface Garment {
  id: string;
  name: string;
  category: Category;
  kind: string;
  warmth: number;
  waterproof: boolean;
  formality: Formality;
  colors: string[];
  available: boolean;
  profileId: string | null;
  /** Relative URL of the photo (authenticated), when one was uploaded. */
  photoUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GarmentInput {
  name: string;
  kind: string;
  category?: Category;
  warmth?: number;
  waterproof?: boolean;
  formality?: Formality;
  colors?: string[];
  available?: boolean;
  profileId?: string | null;
}

export type GarmentPatch = Partial<GarmentInput>;

export type WearableGarment = Pick<Garment, 'id' | 'name' | 'category' | 'kind' | 'warmth' | 'waterproof' | 'formality' | 'colors'>;

export interface GarmentFilter {
  category?: Category;
  kind?: string;
  /** A profile's own garments plus the shared ones. */
  profileId?: string;
  available?: boolean;
  /** Only these garments (the ones an outfit names). */
  ids?: readonly string[];
  limit?: number;
  offset?: number;
}

export interface WearRecord {
  garmentId: string;
  profileId: string;
  date: string;
}

function toGarment(row: GarmentsTable): Garment {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    kind: row.kind,
    warmth: Number(row.warmth),
    waterproof: row.waterproof === 1,
    formality: row.formality,
    colors: JSON.parse(row.colors) as string[],
    available: row.available === 1,
    profileId: row.profile_id,
    photoUrl: row.photo ? `/api/v1/wardrobe/items/${row.id}/photo` : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Resolves kind, category and the defaults from the clo table. The category a person gives wins
 * when it is plausible for the kind (a blazer filed as outerwear); the table only fills in what
 * was not given. A known kind under an implausible category (jeans as footwear) is a 400.
 */
function resolveKind(kind: string, category: Category | undefined): { kind: string; category: Category; clo: number; formality: Formality; waterproof: boolean } {
  const info = kindInfo(kind, category);
  if (!info) throw new AppError(category ? 'wardrobe.categoryMismatch' : 'wardrobe.unknownKind', 400, category ? { kind, category, field: 'category' } : { kind, field: 'kind' });
  return { kind: storedKind(kind), category: info.category, clo: info.clo, formality: info.formality, waterproof: info.waterproof };
}

const normalizeColors = (colors: string[]): string[] => [...new Set(colors.map((c) => c.trim().toLowerCase()).filter(Boolean))];

/** Garments per household and profile, their laundry state, their photos' file names and the wear log. */
/** A new garment's row: the kind fills in what the input leaves out (category, clo, waterproof, formality). */
function garmentRow(householdId: string, profileId: string | null, input: GarmentInput, now: string): GarmentsTable {
  const resolved = resolveKind(input.kind, input.category);
  return {
    id: newId(),
    household_id: householdId,
    profile_id: profileId,
    name: input.name.trim(),
    category: resolved.category,
    kind: resolved.kind,
    warmth: input.warmth ?? resolved.clo,
    waterproof: (input.waterproof ?? resolved.waterproof) ? 1 : 0,
    formality: input.formality ?? resolved.formality,
    colors: JSON.stringify(normalizeColors(input.colors ?? [])),
    available: input.available === false ? 0 : 1,
    photo: null,
    created_at: now,
    updated_at: now,
  };
}

// Read on every outfit suggestion (the mirror's start asks one per person): built and compiled once.
const wearableQuery = prepare((db, p: { householdId: string; profileId: string }) =>
  db
    .selectFrom('garments')
    .select(['id', 'name', 'category', 'kind', 'warmth', 'waterproof', 'formality', 'colors'])
    .where('household_id', '=', p.householdId)
    .where('available', '=', 1)
    .where((eb) => eb.or([eb('profile_id', '=', p.profileId), eb('profile_id', 'is', null)])),
);

const wornSinceQuery = prepare((db, p: { householdId: string; profileId: string; from: string; before: string }) =>
  db
    .selectFrom('garment_wear')
    .select(['garment_id', 'worn_on'])
    .where('household_id', '=', p.householdId)
    .where('profile_id', '=', p.profileId)
    .where('worn_on', '>=', p.from)
    .where('worn_on', '<', p.before),
);

export class WardrobeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly households: HouseholdService,
  ) {}

  async list(householdId: string, filter: GarmentFilter = {}, db: Queryable = this.store.db): Promise<Garment[]> {
    let q = db.selectFrom('garments').selectAll().where('household_id', '=', householdId);
    if (filter.category) q = q.where('category', '=', filter.category);
    if (filter.kind) q = q.where('kind', '=', storedKind(filter.kind));
    if (filter.available !== undefined) q = q.where('available', '=', filter.available ? 1 : 0);
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      q = q.where('id', 'in', [...filter.ids]);
    }
    const profileId = filter.profileId;
    if (profileId) q = q.where((eb) => eb.or([eb('profile_id', '=', profileId), eb('profile_id', 'is', null)]));
    const rows = await q
      .orderBy('category')
      .orderBy('name')
      .orderBy('id')
      .limit(filter.limit ?? 5000)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map(toGarment);
  }

  /**
   * What a person can wear today: their clean garments and the shared ones, with only the columns
   * the outfit engine reads (the hot path of every suggestion; a 2,000-piece wardrobe stays cheap).
   */
  async wearable(householdId: string, profileId: string): Promise<WearableGarment[]> {
    const rows = await wearableQuery.all(this.store.db, { householdId, profileId });
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      category: r.category,
      kind: r.kind,
      warmth: Number(r.warmth),
      waterproof: r.waterproof === 1,
      formality: r.formality,
      colors: JSON.parse(r.colors) as string[],
    }));
  }

  async get(householdId: string, id: string, db: Queryable = this.store.db): Promise<Garment> {
    return toGarment(await this.row(householdId, id, db));
  }

  async create(householdId: string, input: GarmentInput): Promise<Garment> {
    const profileId = input.profileId ? (await this.households.resolveProfile(householdId, input.profileId)).id : null;
    const row = garmentRow(householdId, profileId, input, this.clock.now().toISOString());
    await this.store.db.insertInto('garments').values(row).execute();
    this.events.publish('wardrobe.updated', householdId, { itemId: row.id });
    return this.get(householdId, row.id);
  }

  /** Many garments at once, in one transaction (the demo seed, imports, benchmarks). */
  async createMany(householdId: string, inputs: GarmentInput[]): Promise<number> {
    const now = this.clock.now().toISOString();
    const profiles = new Map((await this.households.listProfiles(householdId)).map((p) => [p.id, p.id]));
    const rows: GarmentsTable[] = inputs.map((input) => {
      const profileId = input.profileId ? profiles.get(input.profileId) : null;
      if (profileId === undefined) throw notFound('profile', { id: String(input.profileId) });
      return garmentRow(householdId, profileId, input, now);
    });
    await this.store.transaction(async (tx) => {
      // Chunks keep each statement under SQLite's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 50) await tx.insertInto('garments').values(rows.slice(i, i + 50)).execute();
    });
    if (rows.length > 0) this.events.publish('wardrobe.updated', householdId, {});
    return rows.length;
  }

  async update(householdId: string, id: string, patch: GarmentPatch): Promise<Garment> {
    // Resolved before the transaction: SQLite has one connection, a read outside `tx` would wait on it.
    const newProfileId = patch.profileId ? (await this.households.resolveProfile(householdId, patch.profileId)).id : null;
    const updated = await this.store.transaction(async (tx) => {
      const row = await this.row(householdId, id, tx);
      const kindChanged = patch.kind !== undefined || patch.category !== undefined;
      const resolved = kindChanged ? resolveKind(patch.kind ?? row.kind, patch.category ?? (patch.kind ? undefined : row.category)) : null;
      const profileId = patch.profileId === undefined ? row.profile_id : newProfileId;
      await tx
        .updateTable('garments')
        .set({
          name: patch.name?.trim() ?? row.name,
          kind: resolved?.kind ?? row.kind,
          category: resolved?.category ?? row.category,
          // A new kind brings its own default warmth unless one is given.
          warmth: patch.warmth ?? (resolved && patch.kind !== undefined ? resolved.clo : Number(row.warmth)),
          waterproof: patch.waterproof === undefined ? row.waterproof : patch.waterproof ? 1 : 0,
          formality: patch.formality ?? row.formality,
          colors: patch.colors ? JSON.stringify(normalizeColors(patch.colors)) : row.colors,
          available: patch.available === undefined ? row.available : patch.available ? 1 : 0,
          profile_id: profileId,
          updated_at: this.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .where('household_id', '=', householdId)
        .execute();
      return this.get(householdId, id, tx);
    });
    this.events.publish('wardrobe.updated', householdId, { itemId: id });
    return updated;
  }

  /** Deletes the garment; returns the photo file name it had, for the caller to remove. */
  async remove(householdId: string, id: string): Promise<string | null> {
    const row = await this.row(householdId, id);
    await this.store.db.deleteFrom('garments').where('id', '=', id).where('household_id', '=', householdId).execute();
    this.events.publish('wardrobe.updated', householdId, { itemId: id });
    return row.photo;
  }

  /** Records the photo file name; returns the previous one so the caller can remove it. */
  async setPhoto(householdId: string, id: string, file: string | null): Promise<{ garment: Garment; previous: string | null }> {
    const result = await this.store.transaction(async (tx) => {
      const row = await this.row(householdId, id, tx);
      await tx.updateTable('garments').set({ photo: file, updated_at: this.clock.now().toISOString() }).where('id', '=', id).execute();
      return { garment: await this.get(householdId, id, tx), previous: row.photo };
    });
    // A new or removed photo shows on an open mirror without a reload.
    this.events.publish('wardrobe.updated', householdId, { itemId: id });
    return result;
  }

  async photoFile(householdId: string, id: string): Promise<string> {
    const row = await this.row(householdId, id);
    if (!row.photo) throw notFound('photo');
    return row.photo;
  }

  /** Records that a profile wore these garments on a date; garments must be the household's. */
  async recordWorn(householdId: string, profileId: string, garmentIds: string[], date: string, db?: Queryable): Promise<WearRecord[]> {
    const work = async (tx: Queryable): Promise<WearRecord[]> => {
      const ids = [...new Set(garmentIds)];
      if (ids.length === 0) return [];
      const found = await tx.selectFrom('garments').select('id').where('household_id', '=', householdId).where('id', 'in', ids).execute();
      if (found.length !== ids.length) {
        const known = new Set(found.map((r) => r.id));
        throw notFound('garment', { id: ids.find((g) => !known.has(g)) });
      }
      const now = this.clock.now().toISOString();
      for (const garmentId of ids) {
        await tx
          .insertInto('garment_wear')
          .values({ id: newId(), household_id: householdId, profile_id: profileId, garment_id: garmentId, worn_on: date, created_at: now })
          .onConflict((oc) => oc.columns(['profile_id', 'garment_id', 'worn_on']).doNothing())
          .execute();
      }
      return ids.map((garmentId) => ({ garmentId, profileId, date }));
    };
    return db ? work(db) : this.store.transaction(work);
  }

  async wornBetween(householdId: string, profileId: string | null, from: string, to: string): Promise<WearRecord[]> {
    let q = this.store.db
      .selectFrom('garment_wear')
      .select(['garment_id', 'profile_id', 'worn_on'])
      .where('household_id', '=', householdId)
      .where('worn_on', '>=', from)
      .where('worn_on', '<=', to);
    if (profileId) q = q.where('profile_id', '=', profileId);
    const rows = await q.orderBy('worn_on').orderBy('garment_id').execute();
    return rows.map((r) => ({ garmentId: r.garment_id, profileId: r.profile_id, date: r.worn_on }));
  }

  /** The last date each garment was worn by the profile since `from` (for recency). */
  async lastWorn(householdId: string, profileId: string, from: string, before: string): Promise<Map<string, string>> {
    const rows = await wornSinceQuery.all(this.store.db, { householdId, profileId, from, before });
    const last = new Map<string, string>();
    for (const r of rows) if ((last.get(r.garment_id) ?? '') < r.worn_on) last.set(r.garment_id, r.worn_on);
    return last;
  }

  private async row(householdId: string, id: string, db: Queryable = this.store.db): Promise<GarmentsTable> {
    const row = await db.selectFrom('garments').selectAll().where('id', '=', id).where('household_id', '=', householdId).executeTakeFirst();
    if (!row) throw notFound('garment', { id });
    return row;
  }
}
