import type { Generated } from 'kysely';

/** Tables of the fleet layer: what several instances on one PostgreSQL share (unused on SQLite). */

/**
 * The shared, bounded event log: every event published by any instance, in commit order (ids are
 * assigned under one advisory lock). It carries events too large for a NOTIFY payload (passed by
 * reference: the notification holds only the id) and serves `Last-Event-ID` replay from any
 * instance. The newest EVENT_LOG_KEEP rows are kept.
 */
export interface EventLogTable {
  /** bigserial on PostgreSQL, integer autoincrement on SQLite. */
  id: Generated<number>;
  household_id: string;
  type: string;
  /** The whole DomainEvent as JSON. */
  event: string;
  /** The instance that published it. */
  origin: string;
  created_at: string;
}

/**
 * One row per periodic job: who holds it (lease) and when it may run next, so each job runs once
 * per period across the fleet and another instance takes it over when its holder dies.
 */
export interface JobLeasesTable {
  name: string;
  holder: string | null;
  lease_until: string | null;
  next_run_at: string;
  last_started_at: string | null;
  last_finished_at: string | null;
  runs: Generated<number>;
}

export interface FleetTables {
  event_log: EventLogTable;
  job_leases: JobLeasesTable;
}
