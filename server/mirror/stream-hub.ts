import { randomBytes } from 'node:crypto';
import type { DomainEvent } from '@server/core/events';
import type { EventBus } from '@server/core/event-bus';
import type { StreamMessage } from './messages';

export interface StreamHubOptions {
  /** A comment line every so often so proxies and the browser keep an idle stream open. */
  heartbeatMs: number;
  /** What the browser waits before reconnecting on its own (the `retry:` field). */
  retryMs: number;
  /** Events kept per household so a page that blinked can be replayed what it missed. */
  replaySize: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamHubOptions = { heartbeatMs: 15_000, retryMs: 3_000, replaySize: 100 };

/** The few things the hub needs of a connection; Node's ServerResponse satisfies it. */
export interface StreamSink {
  write(chunk: string): boolean;
  end(): void;
  readonly writableLength?: number;
}

const MAX_BACKLOG_BYTES = 1024 * 1024;

interface Buffered {
  seq: number;
  event: DomainEvent;
}

interface ReplayBuffer {
  entries: Buffered[];
  /** The newest seq dropped from this household's buffer: a page that saw less missed something. */
  evictedUpTo: number;
}

/**
 * Fans the bus out to SSE connections, one household each. Ids are `<boot>-<seq>`: a page that
 * reconnects with an id from this boot gets the events it missed replayed; an id from another boot
 * (the server restarted) or one that fell out of the buffer gets `stream.resync`, and the page
 * refetches everything. The hub holds one bus subscription; each connection holds one hub listener
 * and one timer, both released when it closes, so a mirror left on for weeks accumulates neither.
 * A client that stops reading is cut off once its unsent backlog passes MAX_BACKLOG_BYTES.
 */
export class StreamHub {
  private readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffers = new Map<string, ReplayBuffer>();
  /** Each open stream's close, by household, so an erased household's pages are cut at once. */
  private readonly open = new Map<() => void, string>();
  private readonly listeners = new Set<(entry: Buffered) => void>();
  private readonly unsubscribeBus: () => void;
  private options: StreamHubOptions;

  constructor(events: EventBus, options: Partial<StreamHubOptions> = {}) {
    this.options = { ...DEFAULT_STREAM_OPTIONS, ...options };
    // One bus listener records every event, so replay covers households with no page open at the time.
    this.unsubscribeBus = events.subscribe((event) => this.record(event));
  }

  /** Tests shorten the heartbeat; an operator behind a strict proxy may too. */
  configure(options: Partial<StreamHubOptions>): void {
    this.options = { ...this.options, ...options };
  }

  connections(): number {
    return this.open.size;
  }

  private record(event: DomainEvent): void {
    this.seq += 1;
    const entry = { seq: this.seq, event };
    let buffer = this.buffers.get(event.householdId);
    if (!buffer) {
      buffer = { entries: [], evictedUpTo: 0 };
      this.buffers.set(event.householdId, buffer);
    }
    buffer.entries.push(entry);
    if (buffer.entries.length > this.options.replaySize) {
      const dropped = buffer.entries.splice(0, buffer.entries.length - this.options.replaySize);
      buffer.evictedUpTo = dropped[dropped.length - 1].seq;
    }
    for (const listener of this.listeners) listener(entry);
  }

  private idOf(seq: number): string {
    return `${this.boot}-${seq}`;
  }

  /** The events after `lastEventId` when this boot still holds all of them, else null. */
  private missedSince(householdId: string, lastEventId: string | undefined): Buffered[] | null {
    if (!lastEventId) return null;
    const match = /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId);
    if (!match || match[1] !== this.boot) return null;
    const seen = Number(match[2]);
    if (seen > this.seq) return null;
    const buffer = this.buffers.get(householdId);
    if (!buffer) return [];
    if (buffer.evictedUpTo > seen) return null;
    return buffer.entries.filter((b) => b.seq > seen);
  }

  /**
   * Starts streaming to `sink`; returns the cleanup to call when the client goes away (idempotent).
   * The caller has already sent the response headers.
   */
  attach(householdId: string, sink: StreamSink, lastEventId?: string): () => void {
    let close = () => {};
    const write = (chunk: string) => {
      if (!sink.write(chunk) && (sink.writableLength ?? 0) > MAX_BACKLOG_BYTES) close();
    };
    const send = (id: string | null, message: StreamMessage) => write(`${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(message)}\n\n`);
    write(`retry: ${this.options.retryMs}\n: connected\n\n`);
    const missed = this.missedSince(householdId, lastEventId);
    if (missed === null) {
      // The id of the newest event so far lets a later reconnect resume from here.
      send(this.idOf(this.seq), { type: 'stream.resync', reason: lastEventId ? 'gap' : 'connected' });
    } else {
      for (const entry of missed) send(this.idOf(entry.seq), entry.event);
    }
    const listener = (entry: Buffered) => {
      if (entry.event.householdId === householdId) send(this.idOf(entry.seq), entry.event);
    };
    this.listeners.add(listener);
    const heartbeat = setInterval(() => write(`: heartbeat\n\n`), this.options.heartbeatMs);
    heartbeat.unref();
    let closed = false;
    close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.listeners.delete(listener);
      this.open.delete(close);
      sink.end();
    };
    this.open.set(close, householdId);
    return close;
  }

  /**
   * Ends one household's streams and forgets its replay buffer: after an erase, revoked tokens
   * must not keep a page listening, and nothing of that home stays in memory.
   */
  closeHousehold(householdId: string): void {
    for (const [close, owner] of [...this.open]) if (owner === householdId) close();
    this.buffers.delete(householdId);
  }

  /** Ends every stream (server shutdown) and leaves the bus. */
  closeAll(): void {
    for (const close of [...this.open.keys()]) close();
    this.unsubscribeBus();
  }
}
