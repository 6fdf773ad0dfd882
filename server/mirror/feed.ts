import { randomBytes } from 'node:crypto';
import type { DomainEvent } from '@server/core/events';
import type { EventBus } from '@server/core/event-bus';

/** One event as a stream sends it: its SSE id, its place in the feed's order, the event. */
export interface FeedEntry {
  id: string;
  seq: number;
  event: DomainEvent;
}

/** What a reconnecting page missed: every event after the one it saw, oldest first. */
export interface Replay {
  entries: FeedEntry[];
  /** The seq of the event the page saw: anything at or before it is not sent again. */
  seenSeq: number;
}

/**
 * Where the stream hub takes its events from. In one process, `MemoryFeed` (the bus plus a replay
 * buffer per household); in a fleet on one PostgreSQL, the event relay (server/fleet/event-relay.ts),
 * whose ids come from the shared event log, so a page can resume on any instance.
 */
export interface EventFeed {
  /** Every event, in order. */
  subscribe(listener: (entry: FeedEntry) => void): () => void;
  /**
   * What `householdId` missed after `lastEventId`, at most `limit` events, or null when that
   * cannot be told exactly (no id, an id from another boot or log, a gap): the page resyncs.
   */
  replay(householdId: string, lastEventId: string | undefined, limit: number): Replay | null | Promise<Replay | null>;
  /** The id of the newest event so far: a page told to resync resumes from there. */
  latestId(): string;
  /** Drops what is kept of a household (after an erase). */
  forget(householdId: string): void;
}

interface ReplayBuffer {
  entries: FeedEntry[];
  /** The newest seq dropped from this household's buffer: a page that saw less missed something. */
  evictedUpTo: number;
}

/**
 * One process: ids are `<boot>-<seq>`, and each household's newest events are kept in memory
 * (`capacity()` of them). An id from another boot (the server restarted) cannot be replayed.
 */
export class MemoryFeed implements EventFeed {
  private readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffers = new Map<string, ReplayBuffer>();
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private readonly unsubscribe: () => void;

  constructor(events: EventBus, private readonly capacity: () => number) {
    // One bus listener records every event, so replay covers households with no page open at the time.
    this.unsubscribe = events.subscribe((event) => this.record(event));
  }

  private record(event: DomainEvent): void {
    this.seq += 1;
    const entry = { id: `${this.boot}-${this.seq}`, seq: this.seq, event };
    let buffer = this.buffers.get(event.householdId);
    if (!buffer) {
      buffer = { entries: [], evictedUpTo: 0 };
      this.buffers.set(event.householdId, buffer);
    }
    buffer.entries.push(entry);
    const capacity = this.capacity();
    if (buffer.entries.length > capacity) {
      const dropped = buffer.entries.splice(0, buffer.entries.length - capacity);
      buffer.evictedUpTo = dropped[dropped.length - 1].seq;
    }
    for (const listener of this.listeners) listener(entry);
  }

  subscribe(listener: (entry: FeedEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  replay(householdId: string, lastEventId: string | undefined): Replay | null {
    if (!lastEventId) return null;
    const match = /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId);
    if (!match || match[1] !== this.boot) return null;
    const seen = Number(match[2]);
    if (seen > this.seq) return null;
    const buffer = this.buffers.get(householdId);
    if (!buffer) return { entries: [], seenSeq: seen };
    if (buffer.evictedUpTo > seen) return null;
    return { entries: buffer.entries.filter((b) => b.seq > seen), seenSeq: seen };
  }

  latestId(): string {
    return `${this.boot}-${this.seq}`;
  }

  forget(householdId: string): void {
    this.buffers.delete(householdId);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
