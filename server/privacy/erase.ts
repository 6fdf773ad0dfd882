import { sql } from 'kysely';
import type { Queryable, Store } from '@server/store/store';
import { eraseOrder, householdScopes, readCatalogue } from './discovery';
import { removeHouseholdFiles } from './household-files';

export interface EraseSummary {
  /** Rows deleted per table (tables with none are left out). */
  tables: Record<string, number>;
  files: number;
}

/**
 * Deletes every row of the household in every table that holds household data, children first so
 * it works whether or not each foreign key cascades, in one transaction: either the household is
 * gone, tokens included (so they stop working with the commit), or nothing changed. Files go after
 * the commit: a failed erase must not leave rows pointing at deleted photos.
 */
export async function eraseHousehold(store: Store, dataDir: string, householdId: string, guard?: (tx: Queryable) => Promise<void>): Promise<EraseSummary> {
  const tables = await store.transaction(async (tx) => {
    // The guard (spending the erase confirmation) and the erase stand or fall together.
    if (guard) await guard(tx);
    const catalogue = await readCatalogue(tx, store.dialect);
    const scopes = householdScopes(catalogue);
    const counts: Record<string, number> = {};
    for (const table of eraseOrder(scopes)) {
      const result = await sql`delete from ${sql.table(table)} where ${scopes.get(table)!.where(householdId)}`.execute(tx);
      const n = Number(result.numAffectedRows ?? 0);
      if (n > 0) counts[table] = n;
    }
    return counts;
  });
  return { tables, files: removeHouseholdFiles(dataDir, householdId) };
}
