import type { StreamMessage } from '@server/mirror/messages';
import { EVENTS_PATH } from '@server/mirror/messages';
import type { Api } from './api';
import { SseParser } from './sse';

export type LiveState = 'connecting' | 'open' | 'down';

export interface LiveHandlers {
  message(message: StreamMessage): void;
  state(state: LiveState): void;
}

/** 1 s, 2 s, 4 s… capped at 30 s, with jitter so mirrors in many homes do not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Opens the event stream (a GET of `text/event-stream`), from `lastEventId` when it is not empty;
 * aborting `signal` closes it.
 */
export type StreamOpener = (lastEventId: string, signal: AbortSignal) => Promise<Response>;

/** The household's event stream, asked with the page's own credential in its Authorization header. */
export function eventsStream(api: Pick<Api, 'stream'>): StreamOpener {
  return (lastEventId, signal) => api.stream(EVENTS_PATH, lastEventId ? { 'last-event-id': lastEventId } : {}, signal);
}

/** The server sends a heartbeat every 15 s: a connection silent for three of them is dead (Wi-Fi gone without a FIN). */
export const STREAM_IDLE_TIMEOUT_MS = 45_000;

/** Messages kept while no page listens yet (the first is the server's `stream.resync`). */
const EARLY_LIMIT = 50;

/**
 * The page's SSE connection, read with fetch: the page's token goes in a header (an EventSource
 * can only put a credential in the URL, which took a URL token from the server, written to its
 * store, before every connection). A connection that fails, ends or stays silent too long is
 * closed and opened again with backoff, passing the last event id so the server can replay what
 * was missed (or answer `stream.resync` when it cannot). One connection and at most one timer
 * exist at a time.
 *
 * It can be started before its page exists (the boot opens it while the household is fetched, so
 * the connection is not on the first render's critical path): until `attach`, the state is kept
 * and messages are held, then handed over in order.
 */
export class LiveStream {
  private connection: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private lastEventId = '';
  private stopped = true;
  /** Bumped by stop(): a connection of an older start delivers nothing more. */
  private generation = 0;
  private current: LiveState = 'connecting';
  private early: StreamMessage[] = [];
  private handlers: LiveHandlers | null;
  /** What the current connection's first message said of where the server subscribed it; null until then. */
  private subscription: { id: string | null } | null = null;
  private subscribedWaiters: ((id: string | null) => void)[] = [];

  constructor(
    private readonly openStream: StreamOpener,
    handlers?: LiveHandlers,
    private readonly idleTimeoutMs = STREAM_IDLE_TIMEOUT_MS,
  ) {
    this.handlers = handlers ?? null;
  }

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Hands the stream to its page: the state it is in, then what arrived before, then live. */
  attach(handlers: LiveHandlers): void {
    this.handlers = handlers;
    handlers.state(this.current);
    const early = this.early.splice(0);
    for (const message of early) handlers.message(message);
  }

  /**
   * Where the server subscribed the open connection: the id its first `stream.resync` carries (the
   * newest event then). Null when that connection did not start with one (a replay) or went away
   * before saying, or after `timeoutMs`.
   */
  subscribedAt(timeoutMs = 3000): Promise<string | null> {
    if (this.current !== 'open') return Promise.resolve(null);
    if (this.subscription) return Promise.resolve(this.subscription.id);
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), timeoutMs);
      const settle = (id: string | null) => {
        clearTimeout(timer);
        this.subscribedWaiters = this.subscribedWaiters.filter((w) => w !== settle);
        resolve(id);
      };
      this.subscribedWaiters.push(settle);
    });
  }

  private subscribed(id: string | null): void {
    this.subscription = { id };
    for (const waiter of this.subscribedWaiters.splice(0)) waiter(id);
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connection?.abort();
    this.connection = null;
  }

  private setState(state: LiveState): void {
    this.current = state;
    this.handlers?.state(state);
  }

  private deliver(message: StreamMessage): void {
    if (this.handlers) this.handlers.message(message);
    else if (this.early.push(message) > EARLY_LIMIT) this.early.shift();
  }

  private connect(): void {
    this.timer = null;
    this.setState('connecting');
    const connection = new AbortController();
    this.connection = connection;
    void this.read(connection, this.generation);
  }

  private retry(): void {
    this.setState('down');
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** One connection, from its request to its end; then, unless stopped meanwhile, the next one after a backoff. */
  private async read(connection: AbortController, generation: number): Promise<void> {
    const current = () => generation === this.generation && this.connection === connection;
    this.subscription = null;
    let first = true;
    let heard = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - heard > this.idleTimeoutMs) connection.abort();
    }, Math.max(50, Math.min(15_000, this.idleTimeoutMs / 3)));
    try {
      const response = await this.openStream(this.lastEventId, connection.signal);
      if (!response.ok || !response.body) {
        // The error body of a refusal is not a stream: read off, so the connection is free again.
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`event stream answered ${response.status}`);
      }
      if (!current()) return;
      this.attempt = 0;
      this.setState('open');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !current()) break;
        heard = Date.now();
        for (const event of parser.push(value)) {
          if (event.type !== 'message') continue;
          if (event.lastEventId) this.lastEventId = event.lastEventId;
          let message: StreamMessage | null = null;
          try {
            message = JSON.parse(event.data) as StreamMessage;
          } catch {
            // Not ours: skipped.
          }
          if (first) {
            first = false;
            this.subscribed(message?.type === 'stream.resync' && event.lastEventId ? event.lastEventId : null);
          }
          if (message) this.deliver(message);
        }
      }
      await reader.cancel().catch(() => undefined);
    } catch {
      // Refused, unreachable, cut, or aborted (stopped, or silent for too long): all end the same way.
    } finally {
      clearInterval(watchdog);
    }
    if (!current()) return;
    if (first) this.subscribed(null);
    connection.abort();
    this.connection = null;
    this.retry();
  }
}
