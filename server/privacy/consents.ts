import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import { HouseholdReadCache } from '@server/households/household-cache';
import type { TokenService } from '@server/households/tokens';
import { prepare } from '@server/store/prepared';
import type { Queryable, Store } from '@server/store/store';
import { CONSENT_SOURCES, type ConsentSource } from './tables';

const consentRow = prepare((db, p: { householdId: string; source: ConsentSource }) =>
  db.selectFrom('consents').select('granted').where('household_id', '=', p.householdId).where('source', '=', p.source),
);

// Every app screen's privacy state and every outfit answer read the whole set: compiled once too.
const consentRows = prepare((db, p: { householdId: string }) => db.selectFrom('consents').select(['source', 'granted']).where('household_id', '=', p.householdId));

export type ConsentState = Record<ConsentSource, boolean>;

/** A stored answer read as consent: only an explicit grant counts; no answer is not consent. */
const grantedBy = (granted: number | null | undefined): boolean => granted === 1;

/**
 * Consent per data source. A source with no recorded answer counts as not granted: Miroir asks
 * before it collects. Adding a calendar, a location or a device implies consent for that source
 * when the household never answered (`grantImplied`); an explicit "no" (PUT consents) stays until
 * the household itself changes it.
 */
export class ConsentService {
  /**
   * Each household's consents, kept in memory like its tokens and rows (HouseholdReadCache): the
   * mirror's start asks four of them, every app screen the whole set. A change drops them here at
   * once and on every instance at its commit (`TokenService.invalidate`), so a consent withdrawn
   * is never read as granted afterwards. Reads inside a transaction always go to the store.
   */
  private readonly kept: HouseholdReadCache<ConsentState>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {
    this.kept = new HouseholdReadCache(tokens.cache);
  }

  async list(householdId: string, db: Queryable = this.store.db): Promise<ConsentState> {
    if (db === this.store.db) return this.kept.through(householdId, () => this.read(householdId, db));
    return this.read(householdId, db);
  }

  private async read(householdId: string, db: Queryable): Promise<ConsentState> {
    const rows = await consentRows.all(db, { householdId });
    const state = Object.fromEntries(CONSENT_SOURCES.map((s) => [s, false])) as ConsentState;
    for (const row of rows) if ((CONSENT_SOURCES as readonly string[]).includes(row.source)) state[row.source] = grantedBy(row.granted);
    return state;
  }

  async isGranted(householdId: string, source: ConsentSource, db: Queryable = this.store.db): Promise<boolean> {
    if (db === this.store.db) return (await this.list(householdId))[source];
    // Asked on every device reading, inside its transaction: compiled once.
    const row = await consentRow.first(db, { householdId, source });
    return grantedBy(row?.granted);
  }

  /** Throws `privacy.consentRequired` (403) when the source is off. */
  async require(householdId: string, source: ConsentSource, db: Queryable = this.store.db): Promise<void> {
    if (!(await this.isGranted(householdId, source, db))) throw new AppError('privacy.consentRequired', 403, { source });
  }

  async set(householdId: string, changes: Partial<ConsentState>, db: Queryable = this.store.db): Promise<ConsentState> {
    const now = this.clock.now().toISOString();
    for (const [source, granted] of Object.entries(changes) as [ConsentSource, boolean][]) {
      await db
        .insertInto('consents')
        .values({ household_id: householdId, source, granted: granted ? 1 : 0, updated_at: now })
        .onConflict((oc) => oc.columns(['household_id', 'source']).doUpdateSet({ granted: granted ? 1 : 0, updated_at: now }))
        .execute();
    }
    await this.tokens.invalidate(db, householdId);
    return this.list(householdId, db);
  }

  /** True when the household said no to this source itself (not merely never asked). */
  async refused(householdId: string, source: ConsentSource, db: Queryable = this.store.db): Promise<boolean> {
    const row = await db.selectFrom('consents').select('granted').where('household_id', '=', householdId).where('source', '=', source).executeTakeFirst();
    return row?.granted === 0;
  }

  /**
   * The consent an action implies (giving a location, adding a calendar or a device), recorded
   * only when the household never answered: an explicit refusal is never overridden. Returns
   * whether the source is granted now.
   */
  async grantImplied(householdId: string, source: ConsentSource, db: Queryable = this.store.db): Promise<boolean> {
    const [inserted] = await db
      .insertInto('consents')
      .values({ household_id: householdId, source, granted: 1, updated_at: this.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['household_id', 'source']).doNothing())
      .execute();
    // An answer already there is left as it was: nothing kept to drop then.
    if (Number(inserted?.numInsertedOrUpdatedRows ?? 0) > 0) await this.tokens.invalidate(db, householdId);
    return this.isGranted(householdId, source, db);
  }
}
