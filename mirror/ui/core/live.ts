import type { StreamMessage } from '@server/mirror/messages';
import { EVENTS_PATH } from '@server/mirror/messages';

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

/** A stream's URL-token source: a fresh five-minute token for `events`, asked with the page's own credential. */
export function eventsUrlToken(api: { post<T>(path: string, body?: unknown): Promise<T> }): () => Promise<string> {
  return () => api.post<{ token: string }>('/api/v1/url-tokens', { purpose: 'events' }).then((r) => r.token);
}

/** Messages kept while no page listens yet (the first is the server's `stream.resync`). */
const EARLY_LIMIT = 50;

/**
 * The page's SSE connection. The browser's own EventSource retry gives up for good on an HTTP
 * error (a restarting server answering 503), so every error closes the source and this class
 * reconnects with backoff, passing the last event id so the server can replay what was missed
 * (or answer `stream.resync` when it cannot). One source and at most one timer exist at a time.
 *
 * It can be started before its page exists (the boot opens it while the household is fetched, so
 * the connection is not on the first render's critical path): until `attach`, the state is kept
 * and messages are held, then handed over in order.
 */
export class LiveStream {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private lastEventId = '';
  private stopped = true;
  /** Bumped by stop(): a URL token arriving for an older start is dropped. */
  private generation = 0;
  private current: LiveState = 'connecting';
  private early: StreamMessage[] = [];
  private handlers: LiveHandlers | null;
  /** What the current connection's first message said of where the server subscribed it; null until then. */
  private subscription: { id: string | null } | null = null;
  private subscribedWaiters: ((id: string | null) => void)[] = [];

  /**
   * `urlToken` gets a fresh short-lived URL token for the stream before every connection
   * (`POST /api/v1/url-tokens`): the long-lived token never travels in a URL.
   */
  constructor(private readonly urlToken: () => Promise<string>, handlers?: LiveHandlers) {
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
    this.source?.close();
    this.source = null;
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
    const generation = this.generation;
    this.urlToken().then(
      (token) => {
        if (!this.stopped && generation === this.generation) this.open(token);
      },
      () => {
        if (generation === this.generation) this.retry();
      },
    );
  }

  private retry(): void {
    this.setState('down');
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private open(token: string): void {
    const params = new URLSearchParams({ access_token: token });
    if (this.lastEventId) params.set('lastEventId', this.lastEventId);
    const source = new EventSource(`${EVENTS_PATH}?${params.toString()}`);
    this.source = source;
    this.subscription = null;
    let first = true;
    source.onopen = () => {
      this.attempt = 0;
      this.setState('open');
    };
    source.onmessage = (event: MessageEvent<string>) => {
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
    };
    source.onerror = () => {
      if (first) this.subscribed(null);
      source.onopen = source.onmessage = source.onerror = null;
      source.close();
      if (this.source === source) this.source = null;
      this.retry();
    };
  }
}
