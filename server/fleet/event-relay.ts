import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Client, Notification } from 'pg';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { DomainEvent } from '@server/core/events';
import type { EventFeed, FeedEntry, Replay } from '@server/mirror/feed';
import type { TokenPeers } from '@server/households/tokens';
import type { Queryable, Store } from '@server/store/store';

export interface EventRelayOptions {
  /** This instance, as written in `event_log.origin`. */
  instanceId: string;
  /** Rows kept in the shared log (all households together). */
  keep: number;
  log?: { warn(obj: object, msg: string): void };
}

export const DEFAULT_EVENT_LOG_KEEP = 10_000;


/** Events one reconnecting stream may be replayed from the shared log before it is told to resync. */
export const LOG_REPLAY_LIMIT = 1000;
/** Appends (and the NOTIFY that goes with them) are serialised fleet-wide, so ids are in commit order. */
export const EVENT_LOG_LOCK_ID = 0x6d69726f6965; // "miroie"
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; below this, the events travel inline. */
export const INLINE_PAYLOAD_BYTES = 7_500;
/** Events written in one transaction at most. */
const BATCH = 200;
/** The log is trimmed when an append crosses a multiple of this. */
const PRUNE_EVERY = 256;
/**
 * How long a token invalidation waits for every listening instance to confirm it before its writer
 * answers anyway (a peer that stopped meanwhile never confirms; its cache could not answer either).
 */
const CONFIRM_WAIT_MS = 1_000;
/** Reconnect delay for the LISTEN connection after it dropped. */
const RECONNECT_MS = 1_000;

/** One event in a notification: inline, or only its id (too large: read from the log). */
interface WireEvent {
  i: number;
  e?: DomainEvent;
}
type WireMessage =
  | { o: string; ev: WireEvent[] }
  | { c: 'erased'; h: string }
  | { c: 'tokens'; h: string | null; n: string; o: string }
  /** A peer applied the token invalidation `n`. */
  | { c: 'applied'; n: string; o: string };

/** A token invalidation this instance announced, until every instance listening then applied it. */
interface PendingInvalidation {
  /** Listening connections on this store's channel when it was announced (this instance's own included). */
  listeners: number;
  appliedBy: Set<string>;
  done: () => void;
}

const ID = /^f-(\d+)$/;
const idOf = (seq: number): string => `f-${seq}`;

/**
 * Events across instances sharing one PostgreSQL. What this instance publishes on its bus is
 * appended to `event_log` (in batches, one transaction each, under EVENT_LOG_LOCK_ID so ids follow
 * commit order) and announced with one NOTIFY per batch on a channel of the store's schema; an
 * event too large for a NOTIFY goes by reference (its id; listeners read it from the log). Every
 * instance LISTENs on a connection of its own: each event, its own included, reaches the stream
 * hub with its log id, so `Last-Event-ID` means the same on every instance and replay is read
 * from the log; a peer's event is also handed to the local bus (caches that listen there are
 * invalidated fleet-wide). After the LISTEN connection drops, it reconnects and reads what it
 * missed from the log. The log keeps the newest `keep` rows.
 *
 * What it does not promise: an event is a notice, not a fact. One published just before the
 * instance is killed may never be appended; the page reconnects, gets `stream.resync`, refetches.
 */
export class EventRelay implements EventFeed, TokenPeers {
  private readonly channel: string;
  /** The application_name of this channel's LISTEN connections (see `announce`). */
  private readonly listener: string;
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private readonly erasedListeners = new Set<(householdId: string) => void>();
  private readonly tokenListeners = new Set<(householdId: string | null) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private queue: DomainEvent[] = [];
  private flushing: Promise<void> | null = null;
  private client: Client | null = null;
  /** Incoming notifications are handled one at a time, in arrival order (= commit order). */
  private inbound: Promise<void> = Promise.resolve();
  private lastSeq = 0;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly options: EventRelayOptions,
  ) {
    if (store.dialect !== 'postgres') throw new Error('the event relay needs PostgreSQL');
    this.channel = channelName(store.pgSchema);
    this.listener = listenerName(this.channel);
    this.unsubscribe = bus.subscribeLocal((event) => this.enqueue(event));
  }

  /** LISTENs, and starts from the newest event in the log. */
  async start(): Promise<void> {
    const newest = await this.store.db.selectFrom('event_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    this.lastSeq = Number(newest?.max ?? 0);
    await this.listen();
  }

  private async listen(): Promise<void> {
    // Named, so a writer can count who listens on this channel (see `announce`).
    const client = await this.store.dedicatedClient(this.listener);
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    client.on('notification', (message: Notification) => {
      if (message.channel !== this.channel || !message.payload) return;
      const payload = message.payload;
      // A token invalidation is applied in the very turn it arrives, ahead of any event still
      // being handled: a request this instance is about to answer must not find the old token.
      // Then it says so, and its writer answers only once every listening instance has.
      if (payload.startsWith('{"c":"tokens"')) {
        const { h, n, o } = JSON.parse(payload) as { h: string | null; n: string; o: string };
        for (const listener of this.tokenListeners) listener(h);
        if (o === this.options.instanceId) this.applied(n, o);
        else this.confirm(client, n);
        return;
      }
      if (payload.startsWith('{"c":"applied"')) {
        const { n, o } = JSON.parse(payload) as { n: string; o: string };
        this.applied(n, o);
        return;
      }
      this.inbound = this.inbound.then(() => this.receive(payload)).catch((err: unknown) => this.options.log?.warn({ err }, 'event relay: a notification could not be handled'));
    });
    client.on('end', () => {
      if (this.client === client) {
        this.client = null;
        this.setConnected(false);
      }
      if (!this.stopped) this.scheduleReconnect();
    });
    await client.query(`LISTEN "${this.channel}"`);
    if (this.client === client) this.setConnected(true);
  }

  private isConnected = false;

  private setConnected(up: boolean): void {
    if (this.isConnected === up) return;
    this.isConnected = up;
    for (const listener of this.connectionListeners) listener(up);
  }

  /** True while the LISTEN connection is up: what peers announce reaches this instance. */
  connected(): boolean {
    return this.isConnected;
  }

  onConnectionChange(listener: (connected: boolean) => void): void {
    this.connectionListeners.add(listener);
  }

  onInvalidate(listener: (householdId: string | null) => void): void {
    this.tokenListeners.add(listener);
  }

  /**
   * Tells every instance (this one included) to drop the cached tokens of a household (null: all).
   * Sent in `db`'s transaction, so PostgreSQL delivers it with the commit, never before. The wait
   * it resolves to ends when every instance that listened on the channel at the announcement has
   * dropped them and said so: a request any of them answers after the writer's answer is checked
   * against the store. Hearing its own copy back is not enough: PostgreSQL delivers to each
   * listening session in its own time, and a peer reads its socket in its own turn.
   */
  async announce(db: Queryable, householdId: string | null): Promise<() => Promise<void>> {
    const nonce = `${this.options.instanceId}/${++this.announced}`;
    const message: WireMessage = { c: 'tokens', h: householdId, n: nonce, o: this.options.instanceId };
    // Registered before the NOTIFY can be delivered; dropped when confirmed, or after CONFIRM_WAIT_MS.
    let done!: () => void;
    const confirmed = new Promise<void>((resolve) => (done = resolve));
    const pending: PendingInvalidation = { listeners: Number.POSITIVE_INFINITY, appliedBy: new Set(), done };
    this.pending.set(nonce, pending);
    // A transaction that rolls back never asks: the entry must not stay.
    setTimeout(() => this.pending.delete(nonce), 10 * CONFIRM_WAIT_MS).unref();
    try {
      // Counted in the same transaction: whoever listens now is sent the notification at the commit.
      const counted = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = ${this.listener}`.execute(db);
      pending.listeners = Number(counted.rows[0]?.n ?? 0);
      await sql`select pg_notify(${this.channel}, ${JSON.stringify(message)})`.execute(db);
    } catch (err) {
      this.pending.delete(nonce);
      throw err;
    }
    return async () => {
      // Not listening (or a rollback: nothing is delivered): nothing to wait for.
      if (this.isConnected && pending.appliedBy.size < pending.listeners) {
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([
          confirmed.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), CONFIRM_WAIT_MS))),
        ]);
        clearTimeout(timer);
        if (late) {
          this.options.log?.warn(
            { listeners: pending.listeners, confirmed: pending.appliedBy.size },
            'event relay: not every instance confirmed a token invalidation in time (their cache entries still expire on their own)',
          );
        }
      }
      this.pending.delete(nonce);
    };
  }

  /** Token invalidations this instance announced, not yet applied everywhere, by nonce. */
  private readonly pending = new Map<string, PendingInvalidation>();
  private announced = 0;

  private applied(nonce: string, by: string): void {
    const pending = this.pending.get(nonce);
    if (!pending) return;
    pending.appliedBy.add(by);
    if (pending.appliedBy.size >= pending.listeners) pending.done();
  }

  /** Tells the writer of a peer's token invalidation that this instance applied it. */
  private confirm(client: Client, nonce: string): void {
    const message: WireMessage = { c: 'applied', n: nonce, o: this.options.instanceId };
    client.query('select pg_notify($1, $2)', [this.channel, JSON.stringify(message)]).catch((err: unknown) => {
      // The writer answers after CONFIRM_WAIT_MS anyway; this instance has applied it.
      this.options.log?.warn({ err }, 'event relay: a token invalidation could not be confirmed');
    });
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen()
        // Whatever was announced while nobody listened is in the log.
        .then(() => (this.inbound = this.inbound.then(() => this.catchUp())))
        .catch((err: unknown) => {
          this.options.log?.warn({ err }, 'event relay: LISTEN connection not back yet');
          this.scheduleReconnect();
        });
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.store.db.selectFrom('event_log').select(['id', 'event']).where('id', '>', this.lastSeq).orderBy('id').limit(BATCH).execute();
      for (const row of rows) this.emit(Number(row.id), JSON.parse(row.event) as DomainEvent, '');
      if (rows.length < BATCH) return;
    }
  }

  private enqueue(event: DomainEvent): void {
    if (this.stopped) return;
    this.queue.push(event);
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  /** Waits until everything published so far is in the log and announced (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    try {
      // One batch at a time; whatever arrives meanwhile goes in the next one (group commit).
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, BATCH);
        try {
          await this.append(batch);
        } catch (err) {
          this.options.log?.warn({ err, events: batch.length }, 'event relay: events could not be shared with the fleet');
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async append(batch: DomainEvent[]): Promise<void> {
    const origin = this.options.instanceId;
    await this.store.transaction(async (tx) => {
      await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK_ID})`.execute(tx);
      const at = this.clock.now().toISOString();
      // A household erased meanwhile has no log any more: its events are dropped, not failed.
      const rows = await sql<{ id: number; event: string }>`
        insert into event_log (household_id, type, event, origin, created_at)
        select v.household_id, v.type, v.event, ${origin}, ${at}
        from unnest(${batch.map((e) => e.householdId)}::text[], ${batch.map((e) => e.type)}::text[], ${batch.map((e) => JSON.stringify(e))}::text[])
          with ordinality as v(household_id, type, event, n)
        where exists (select 1 from households h where h.id = v.household_id)
        order by v.n
        returning id, event`.execute(tx);
      const appended = rows.rows.map((r) => ({ id: Number(r.id), event: r.event })).sort((a, b) => a.id - b.id);
      for (const message of packMessages(origin, appended)) {
        await sql`select pg_notify(${this.channel}, ${message})`.execute(tx);
      }
      const newest = appended[appended.length - 1]?.id ?? 0;
      const oldest = appended[0]?.id ?? 0;
      if (newest > this.options.keep && Math.floor(newest / PRUNE_EVERY) > Math.floor((oldest - 1) / PRUNE_EVERY)) {
        await tx.deleteFrom('event_log').where('id', '<=', newest - this.options.keep).execute();
      }
    });
  }

  private async receive(payload: string): Promise<void> {
    const message = JSON.parse(payload) as WireMessage;
    if ('c' in message) {
      if (message.c === 'erased') for (const listener of this.erasedListeners) listener(message.h);
      return;
    }
    const missing = message.ev.filter((w) => !w.e).map((w) => w.i);
    const fetched = new Map<number, DomainEvent>();
    if (missing.length > 0) {
      const rows = await this.store.db.selectFrom('event_log').select(['id', 'event']).where('id', 'in', missing).execute();
      for (const row of rows) fetched.set(Number(row.id), JSON.parse(row.event) as DomainEvent);
    }
    for (const wire of message.ev) {
      const event = wire.e ?? fetched.get(wire.i);
      // Gone already (erased, or trimmed): nothing left to show.
      if (event) this.emit(wire.i, event, message.o);
    }
  }

  private emit(seq: number, event: DomainEvent, origin: string): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    const entry: FeedEntry = { id: idOf(seq), seq, event };
    for (const listener of this.listeners) listener(entry);
    // This instance's own events reached its bus when they were published.
    if (origin !== this.options.instanceId) this.bus.deliverFromPeer(event);
  }

  subscribe(listener: (entry: FeedEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async replay(householdId: string, lastEventId: string | undefined, pageLimit: number): Promise<Replay | null> {
    // The shared log holds what a stream missed while its instance died and the page found another
    // (seconds of a busy home's events): replay up to LOG_REPLAY_LIMIT from it rather than make the
    // page refetch everything; the in-memory feed of a single process keeps its smaller page.
    const limit = Math.max(pageLimit, LOG_REPLAY_LIMIT);
    const match = lastEventId ? ID.exec(lastEventId) : null;
    if (!match) return null;
    const seen = Number(match[1]);
    const bounds = await this.store.db
      .selectFrom('event_log')
      .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max')])
      .executeTakeFirst();
    const min = Number(bounds?.min ?? 0);
    const max = Number(bounds?.max ?? 0);
    // An id from another log (the table was reset), or older than what the log still holds.
    if (seen > Math.max(max, this.lastSeq) || (min > 0 && seen < min - 1)) return null;
    const rows = await this.store.db
      .selectFrom('event_log')
      .select(['id', 'event'])
      .where('household_id', '=', householdId)
      .where('id', '>', seen)
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    // More than a page replays: a gap, the page refetches instead.
    if (rows.length > limit) return null;
    return { seenSeq: seen, entries: rows.map((r) => ({ id: idOf(Number(r.id)), seq: Number(r.id), event: JSON.parse(r.event) as DomainEvent })) };
  }

  latestId(): string {
    return idOf(this.lastSeq);
  }

  /** The log rows go with the household (foreign key); nothing is kept in memory. */
  forget(): void {}

  /** Tells every instance (this one included) that a household was erased: their streams close. */
  async announceErased(householdId: string): Promise<void> {
    const message: WireMessage = { c: 'erased', h: householdId };
    await sql`select pg_notify(${this.channel}, ${JSON.stringify(message)})`.execute(this.store.db);
  }

  onErased(listener: (householdId: string) => void): void {
    this.erasedListeners.add(listener);
  }

  /** Stops listening, after sharing what was already published. */
  async stop(): Promise<void> {
    this.unsubscribe();
    await this.flush();
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    this.setConnected(false);
    if (client) await client.end().catch(() => {});
    await this.inbound;
    this.listeners.clear();
  }
}

/**
 * The application_name of the LISTEN connections on one channel, so that a writer can count them in
 * pg_stat_activity. Hashed: a channel name may be 63 characters, the longest application_name.
 */
export function listenerName(channel: string): string {
  return `miroir-listen-${createHash('sha256').update(channel).digest('hex').slice(0, 24)}`;
}

/** The NOTIFY channel of one store: channels are database-wide, schemas are not. */
export function channelName(schema: string | undefined): string {
  return `miroir_events_${schema ?? 'public'}`.slice(0, 63);
}

/** Splits appended events into NOTIFY payloads under the size limit; an event too large alone goes by id. */
export function packMessages(origin: string, appended: { id: number; event: string }[]): string[] {
  const messages: string[] = [];
  const head = `{"o":${JSON.stringify(origin)},"ev":[`;
  let parts: string[] = [];
  let size = head.length + 2;
  const close = () => {
    if (parts.length > 0) messages.push(`${head}${parts.join(',')}]}`);
    parts = [];
    size = head.length + 2;
  };
  for (const row of appended) {
    let part = `{"i":${row.id},"e":${row.event}}`;
    if (Buffer.byteLength(part) + head.length + 2 > INLINE_PAYLOAD_BYTES) part = `{"i":${row.id}}`;
    const bytes = Buffer.byteLength(part) + 1;
    if (size + bytes > INLINE_PAYLOAD_BYTES) close();
    parts.push(part);
    size += bytes;
  }
  close();
  return messages;
}
