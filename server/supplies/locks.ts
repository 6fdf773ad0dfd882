import { sql } from 'kysely';
import type { DialectName, Tx } from '@server/store/store';

/**
 * Row locks for PostgreSQL, where transactions really run concurrently. SQLite runs one write
 * transaction at a time (one connection), so there the lock is the transaction itself.
 * Lock order, to stay deadlock-free: supplies (sorted by id) before the household. `no key
 * update` serialises writers of the same row but not the foreign-key checks of rows inserted
 * elsewhere (an order naming the supply, a reading naming the household), which would otherwise
 * wait on these locks and could close a cycle.
 */
export async function lockSupplies(tx: Tx, dialect: DialectName, supplyIds: string[]): Promise<void> {
  if (dialect !== 'postgres' || supplyIds.length === 0) return;
  const ids = [...new Set(supplyIds)].sort();
  await sql`select id from supplies where id in (${sql.join(ids)}) order by id for no key update`.execute(tx);
}

export async function lockHousehold(tx: Tx, dialect: DialectName, householdId: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select id from households where id = ${householdId} for no key update`.execute(tx);
}
