import { EventBus } from '@server/core/event-bus';
import { MemoryFeed, type EventFeed, type FeedEntry, type Replay } from './feed';
import type { StreamMessage } from './messages';

export interface StreamHubOptions {
  /** A comment line every so often so proxies and the browser keep an idle stream open. */
  heartbeatMs: number;
  /** What the browser waits before reconnecting on its own (the `retry:` field). */
  retryMs: number;
  /** Events kept per household (or replayed at most) so a page that blinked can be replayed what it missed. */
  replaySize: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamHubOptions = { heartbeatMs: 15_000, retryMs: 3_000, replaySize: 100 };

/** What a draining instance tells its pages to wait before reconnecting (to another instance). */
const DRAIN_RETRY_MS = 250;

/** The few things the hub needs of a connection; Node's ServerResponse satisfies it. */
export interface StreamSink {
  write(chunk: string): boolean;
  end(): void;
  readonly writableLength?: number;
}

const MAX_BACKLOG_BYTES = 1024 * 1024;

/**
 * Fans a feed of events out to SSE connections, one household each. A page that reconnects with
 * the id of the last event it saw gets what it missed replayed; when the feed cannot tell exactly
 * (the server restarted, a gap too long), it gets `stream.resync` and refetches everything. The
 * feed is the bus with an in-memory replay buffer in one process (`MemoryFeed`), or the fleet's
 * shared event log on PostgreSQL, so a page resumes on whichever instance it reaches. The hub
 * holds one feed subscription; each connection holds one hub listener and one timer, both released
 * when it closes, so a mirror left on for weeks accumulates neither. A client that stops reading
 * is cut off once its unsent backlog passes MAX_BACKLOG_BYTES.
 */
export class StreamHub {
  /** Each open stream's close, by household, so an erased household's pages are cut at once. */
  private readonly open = new Map<(retryMs?: number) => void, string>();
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private readonly feed: EventFeed;
  private readonly ownsFeed: MemoryFeed | null;
  private readonly unsubscribeFeed: () => void;
  private options: StreamHubOptions;

  constructor(source: EventBus | EventFeed, options: Partial<StreamHubOptions> = {}) {
    this.options = { ...DEFAULT_STREAM_OPTIONS, ...options };
    this.ownsFeed = source instanceof EventBus ? new MemoryFeed(source, () => this.options.replaySize) : null;
    this.feed = this.ownsFeed ?? (source as EventFeed);
    this.unsubscribeFeed = this.feed.subscribe((entry) => {
      for (const listener of this.listeners) listener(entry);
    });
  }

  /** Tests shorten the heartbeat; an operator behind a strict proxy may too. */
  configure(options: Partial<StreamHubOptions>): void {
    this.options = { ...this.options, ...options };
  }

  connections(): number {
    return this.open.size;
  }

  /** The id of the newest event so far: a stream attached now sends its `stream.resync` with this id. */
  latestId(): string {
    return this.feed.latestId();
  }

  /**
   * Starts streaming to `sink`; returns the cleanup to call when the client goes away (idempotent).
   * The caller has already sent the response headers.
   */
  attach(householdId: string, sink: StreamSink, lastEventId?: string): () => void {
    let closed = false;
    let close = () => {};
    const write = (chunk: string) => {
      if (closed) return;
      if (!sink.write(chunk) && (sink.writableLength ?? 0) > MAX_BACKLOG_BYTES) close();
    };
    const send = (id: string | null, message: StreamMessage) => write(`${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(message)}\n\n`);
    write(`retry: ${this.options.retryMs}\n: connected\n\n`);

    // Live events are held back while the replay is read (the shared log answers asynchronously),
    // then sent after it; an event in both is sent once (seq order).
    let held: FeedEntry[] | null = [];
    let lastSent = -1;
    const deliver = (entry: FeedEntry) => {
      if (entry.seq <= lastSent) return;
      lastSent = entry.seq;
      send(entry.id, entry.event);
    };
    const listener = (entry: FeedEntry) => {
      if (entry.event.householdId !== householdId) return;
      if (held) held.push(entry);
      else deliver(entry);
    };
    this.listeners.add(listener);
    // Read after subscribing: every live event from here on is newer than this id.
    const resumeFrom = this.feed.latestId();
    const start = (missed: Replay | null) => {
      if (closed) return;
      if (missed === null) {
        // The id of the newest event so far lets a later reconnect resume from here.
        send(resumeFrom, { type: 'stream.resync', reason: lastEventId ? 'gap' : 'connected' });
      } else {
        lastSent = missed.seenSeq;
        for (const entry of missed.entries) deliver(entry);
      }
      const pending = held ?? [];
      held = null;
      for (const entry of pending) deliver(entry);
    };
    const missed = this.feed.replay(householdId, lastEventId, this.options.replaySize);
    if (missed instanceof Promise) missed.then(start, () => start(null));
    else start(missed);

    const heartbeat = setInterval(() => write(`: heartbeat\n\n`), this.options.heartbeatMs);
    heartbeat.unref();
    close = (retryMs?: number) => {
      if (closed) return;
      if (retryMs !== undefined) write(`retry: ${retryMs}\n: reconnect elsewhere\n\n`);
      closed = true;
      clearInterval(heartbeat);
      this.listeners.delete(listener);
      this.open.delete(close);
      sink.end();
    };
    this.open.set(close, householdId);
    return () => close();
  }

  /**
   * Ends one household's streams and forgets its replay buffer: after an erase, revoked tokens
   * must not keep a page listening, and nothing of that home stays in memory.
   */
  closeHousehold(householdId: string): void {
    for (const [close, owner] of [...this.open]) if (owner === householdId) close();
    this.feed.forget(householdId);
  }

  /**
   * A draining instance (SIGTERM) ends every stream with a short `retry:`: each page reconnects at
   * once, through the load balancer, to an instance that stays, and resumes from its last id.
   */
  drain(): void {
    for (const close of [...this.open.keys()]) close(DRAIN_RETRY_MS);
  }

  /** Ends every stream (server shutdown) and leaves the feed. */
  closeAll(): void {
    for (const close of [...this.open.keys()]) close();
    this.unsubscribeFeed();
    this.ownsFeed?.close();
  }
}
