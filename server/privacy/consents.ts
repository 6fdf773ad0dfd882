import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import { prepare } from '@server/store/prepared';
import type { Queryable, Store } from '@server/store/store';
import { CONSENT_SOURCES, type ConsentSource } from './tables';

const consentRow = prepare((db, p: { householdId: string; source: ConsentSource }) =>
  db.selectFrom('consents').select('granted').where('household_id', '=', p.householdId).where('source', '=', p.source),
);

export type ConsentState = Record<ConsentSource, boolean>;

/**
 * Consent per data source. A source with no recorded answer counts as not granted: Miroir asks
 * before it collects. Adding a calendar, a location or a device implies consent for that source
 * when the household never answered (`grantImplied`); an explicit "no" (PUT consents) stays until
 * the household itself changes it.
 */
export class ConsentService {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async list(householdId: string, db: Queryable = this.store.db): Promise<ConsentState> {
    const rows = await db.selectFrom('consents').selectAll().where('household_id', '=', householdId).execute();
    const state = Object.fromEntries(CONSENT_SOURCES.map((s) => [s, false])) as ConsentState;
    for (const row of rows) if ((CONSENT_SOURCES as readonly string[]).includes(row.source)) state[row.source] = row.granted === 1;
    return state;
  }

  async isGranted(householdId: string, source: ConsentSource, db: Queryable = this.store.db): Promise<boolean> {
    // Asked on every device reading: compiled once.
    const row = await consentRow.first(db, { householdId, source });
    return row?.granted === 1;
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
    await db
      .insertInto('consents')
      .values({ household_id: householdId, source, granted: 1, updated_at: this.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['household_id', 'source']).doNothing())
      .execute();
    return this.isGranted(householdId, source, db);
  }
}
