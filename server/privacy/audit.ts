import { newId } from '@server/core/ids';
import type { Clock } from '@server/core/clock';
import type { Queryable, Store } from '@server/store/store';

export type AuditActor = 'household_token' | 'device' | 'system';

export interface AuditEntry {
  id: string;
  at: string;
  kind: 'order' | 'privacy';
  action: string;
  /** Who or what acted: a person through a household token, a device, a policy, alexa, google, the mirror… */
  actor: string;
  channel: string;
  orderId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  detail: unknown;
}

export interface AuditQuery {
  limit: number;
  /** Only entries strictly older than this ISO time (paging backwards). */
  before?: string;
  kind?: 'order' | 'privacy';
}

function parse(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * One trail of what was done in the household's name: every order transition and approval
 * (recorded by the orders capability in `order_events`) and every privacy action (here).
 */
export class AuditLog {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async record(
    householdId: string,
    entry: { action: string; actor: AuditActor; channel: string; tokenId?: string | null; detail?: unknown },
    db: Queryable = this.store.db,
  ): Promise<void> {
    await db
      .insertInto('privacy_audit')
      .values({
        id: newId(),
        household_id: householdId,
        action: entry.action,
        actor: entry.actor,
        channel: entry.channel,
        token_id: entry.tokenId ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
        at: this.clock.now().toISOString(),
      })
      .execute();
  }

  async list(householdId: string, query: AuditQuery): Promise<AuditEntry[]> {
    const db = this.store.db;
    const entries: AuditEntry[] = [];
    if (query.kind !== 'privacy') {
      let q = db.selectFrom('order_events').selectAll().where('household_id', '=', householdId);
      if (query.before) q = q.where('at', '<', query.before);
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
      for (const r of rows) {
        entries.push({
          id: r.id,
          at: r.at,
          kind: 'order',
          action: `order.${r.to_status}`,
          actor: r.actor,
          channel: r.channel,
          orderId: r.order_id,
          fromStatus: r.from_status,
          toStatus: r.to_status,
          detail: parse(r.detail),
        });
      }
    }
    if (query.kind !== 'order') {
      let q = db.selectFrom('privacy_audit').selectAll().where('household_id', '=', householdId);
      if (query.before) q = q.where('at', '<', query.before);
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
      for (const r of rows) {
        entries.push({ id: r.id, at: r.at, kind: 'privacy', action: r.action, actor: r.actor, channel: r.channel, orderId: null, fromStatus: null, toStatus: null, detail: parse(r.detail) });
      }
    }
    // Newest first across both trails; ISO UTC text sorts as time.
    return entries.sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at))).slice(0, query.limit);
  }
}
