import { sql } from 'kysely';
import type { Db } from '@server/store/store';

/**
 * Several instances on one store: each outbox row is claimed by one of them and is its own until
 * `lease_until`; rows are claimed one at a time, so an instance killed mid-send holds back only
 * the row it was sending, taken over once the lease has passed.
 */
export interface OutboxLease {
  holder: string;
  ms: number;
}

export const DEFAULT_OUTBOX_LEASE_MS = 120_000;

/** The outboxes that share this claim: each has these columns (see their migrations). */
export type LeasedOutbox = 'outbox' | 'alexa_event_outbox';

/**
 * The next due row of `table` nobody holds, leased to `lease.holder`, in one compare-and-set
 * UPDATE. On PostgreSQL, FOR UPDATE SKIP LOCKED: two instances claiming at once take two different
 * rows, never one twice, and never wait for each other. SQLite serialises writers, so the same
 * UPDATE without the row lock is already atomic there.
 */
export async function claimNextDue<Row>(db: Db, dialect: 'sqlite' | 'postgres', table: LeasedOutbox, lease: OutboxLease, now: Date): Promise<Row | undefined> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + lease.ms).toISOString();
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const claimed = await sql<Row>`
    update ${sql.table(table)} set lease_until = ${until}, leased_by = ${lease.holder}
    where id = (
      select id from ${sql.table(table)}
      where done_at is null and available_at <= ${at} and (lease_until is null or lease_until <= ${at})
      order by available_at
      limit 1
      ${lock})
    returning *`.execute(db);
  return claimed.rows[0];
}
