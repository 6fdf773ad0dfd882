import { randomBytes } from 'node:crypto';
import type { Clock } from '@server/core/clock';
import { newId } from '@server/core/ids';
import { claimNextDue, DEFAULT_OUTBOX_LEASE_MS, type OutboxLease } from '@server/fleet/outbox-claim';
import type { AlexaEventOutboxTable } from '@server/skills/tables';
import type { Store, Tx } from '@server/store/store';
import type { LwaTokens } from './lwa';

/** Tries before an event is given up (about two hours with the backoff below, far inside its one-day expiry). */
export const MAX_ATTEMPTS = 8;
const BATCH = 50;

/** 30 s, 1, 2, 4 … minutes, at most an hour: a gateway that is down or throttling is not hammered. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** (attempts - 1));
}

export interface AlexaOutboxDeps {
  store: Store;
  clock: Clock;
  lwa: Pick<LwaTokens, 'token' | 'forget'>;
  /** `https://api.eu.amazonalexa.com` (or the skill's region); tests point it at a recording stub. */
  baseUrl: string;
  stage: 'development' | 'live';
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  lease?: OutboxLease;
  /** Whether this person still allows this kind of event: one withdrawn meanwhile is not sent. Absent: always. */
  allowed?(householdId: string, userId: string, eventName: string): Promise<boolean>;
}

/** Sent or given-up rows are kept this long (what was said to whom, for a person asking), then deleted. */
export const KEEP_DONE_MS = 7 * 24 * 3600_000;

type Outcome = 'sent' | 'retry' | 'dropped';

/** An answer that another try may change (throttled, the gateway's fault, our token); anything else 4xx never will. */
const retriable = (status: number): boolean => status === 401 || status === 408 || status === 429 || status >= 500;

/**
 * Alexa Proactive Events through a store outbox: an event is a row written when it was decided,
 * sent by whichever instance claims it (the fleet's lease, server/fleet/outbox-claim.ts), marked
 * done only once the gateway accepted it. So a restart loses nothing (the row waits, the next
 * instance sends it), a crash mid-send at worst repeats one event (Amazon dedupes on its
 * `referenceId`), and each row retries on its own: a 429 or 5xx, a network error or a Login with
 * Amazon failure waits with backoff; another 4xx (a user who left, a malformed event) is dropped
 * with a log line, since sending it again can only fail again.
 */
export class AlexaEventOutbox {
  private running: Promise<{ sent: number; dropped: number }> | null = null;
  private readonly lease: OutboxLease;

  constructor(private readonly deps: AlexaOutboxDeps) {
    this.lease = deps.lease ?? { holder: `process-${process.pid}-${randomBytes(3).toString('hex')}`, ms: DEFAULT_OUTBOX_LEASE_MS };
  }

  /** Writes the events (one per Alexa user) in one transaction of their own; `dispatchDue` sends them. */
  async enqueue(householdId: string, events: { userId: string; body: object }[]): Promise<void> {
    if (events.length === 0) return;
    await this.deps.store.transaction((tx) => this.enqueueIn(tx, householdId, events));
  }

  /**
   * Writes the events in the caller's transaction: committed with the change that caused them, or
   * rolled back with it, so no crash between the two can lose one or invent one.
   */
  async enqueueIn(tx: Tx, householdId: string, events: { userId: string; body: object }[]): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    for (const e of events) {
      await tx
        .insertInto('alexa_event_outbox')
        .values({ id: newId(), household_id: householdId, user_id: e.userId, body: JSON.stringify(e.body), attempts: 0, available_at: at, lease_until: null, leased_by: null, last_error: null, done_at: null, created_at: at })
        .execute();
    }
  }

  /** One pass over what is due; concurrent calls in this process share the pass in progress. */
  dispatchDue(): Promise<{ sent: number; dropped: number }> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Deletes rows done for longer than KEEP_DONE_MS. */
  async prune(): Promise<void> {
    const before = new Date(this.deps.clock.now().getTime() - KEEP_DONE_MS).toISOString();
    await this.deps.store.db.deleteFrom('alexa_event_outbox').where('done_at', 'is not', null).where('done_at', '<', before).execute();
  }

  /** Rows not yet sent nor given up (tests, diagnostics). */
  async pending(householdId?: string): Promise<AlexaEventOutboxTable[]> {
    let q = this.deps.store.db.selectFrom('alexa_event_outbox').selectAll().where('done_at', 'is', null);
    if (householdId) q = q.where('household_id', '=', householdId);
    return q.orderBy('created_at').execute();
  }

  private async pass(): Promise<{ sent: number; dropped: number }> {
    let sent = 0;
    let dropped = 0;
    for (let n = 0; n < BATCH; n++) {
      const row = await claimNextDue<AlexaEventOutboxTable>(this.deps.store.db, this.deps.store.dialect, 'alexa_event_outbox', this.lease, this.deps.clock.now());
      if (!row) break;
      let outcome: Outcome;
      try {
        outcome = await this.sendOne(row);
      } catch (err) {
        // Login with Amazon down or refusing, the network, a timeout: all worth another try.
        outcome = await this.retryOrDrop(row, err instanceof Error ? err.message : String(err));
      }
      if (outcome === 'sent') sent++;
      else if (outcome === 'dropped') dropped++;
    }
    return { sent, dropped };
  }

  private async sendOne(row: AlexaEventOutboxTable): Promise<Outcome> {
    const body = JSON.parse(row.body) as { expiryTime?: string; event?: { name?: string } };
    if (body.expiryTime && Date.parse(body.expiryTime) <= this.deps.clock.now().getTime()) return this.drop(row, 'expired before it could be sent');
    if (this.deps.allowed && !(await this.deps.allowed(row.household_id, row.user_id, body.event?.name ?? ''))) return this.drop(row, 'notifications withdrawn');
    const path = this.deps.stage === 'live' ? '/v1/proactiveEvents' : '/v1/proactiveEvents/stages/development';
    const token = await this.deps.lwa.token();
    const res = await fetch(`${this.deps.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: row.body,
      signal: AbortSignal.timeout(10_000),
    });
    if (res.ok) {
      await this.finish(row.id, { attempts: row.attempts + 1, last_error: null });
      return 'sent';
    }
    // A token Amazon no longer takes: the next try asks Login with Amazon for a new one.
    if (res.status === 401) this.deps.lwa.forget();
    if (retriable(res.status)) return this.retryOrDrop(row, `HTTP ${res.status}`);
    return this.drop(row, `HTTP ${res.status}`);
  }

  private async retryOrDrop(row: AlexaEventOutboxTable, message: string): Promise<Outcome> {
    const attempts = row.attempts + 1;
    if (attempts >= MAX_ATTEMPTS) return this.drop({ ...row, attempts: attempts - 1 }, `gave up after ${attempts} tries: ${message}`);
    const retryAt = new Date(this.deps.clock.now().getTime() + backoffMs(attempts)).toISOString();
    await this.deps.store.db.updateTable('alexa_event_outbox').set({ attempts, last_error: message, available_at: retryAt, lease_until: null, leased_by: null }).where('id', '=', row.id).execute();
    return 'retry';
  }

  private async drop(row: AlexaEventOutboxTable, reason: string): Promise<Outcome> {
    this.deps.log.warn({ outboxId: row.id, householdId: row.household_id, reason }, 'alexa proactive event dropped');
    await this.finish(row.id, { attempts: row.attempts + 1, last_error: reason });
    return 'dropped';
  }

  private async finish(id: string, fields: { attempts: number; last_error: string | null }): Promise<void> {
    await this.deps.store.db.updateTable('alexa_event_outbox').set({ ...fields, done_at: this.deps.clock.now().toISOString(), lease_until: null, leased_by: null }).where('id', '=', id).execute();
  }
}
