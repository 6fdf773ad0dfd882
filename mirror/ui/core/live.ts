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

/**
 * The page's SSE connection. The browser's own EventSource retry gives up for good on an HTTP
 * error (a restarting server answering 503), so every error closes the source and this class
 * reconnects with backoff, passing the last event id so the server can replay what was missed
 * (or answer `stream.resync` when it cannot). One source and at most one timer exist at a time.
 */
export class LiveStream {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private lastEventId = '';
  private stopped = false;
  /** Bumped by stop(): a URL token arriving for an older start is dropped. */
  private generation = 0;

  /**
   * `urlToken` gets a fresh short-lived URL token for the stream before every connection
   * (`POST /api/v1/url-tokens`): the long-lived token never travels in a URL.
   */
  constructor(private readonly urlToken: () => Promise<string>, private readonly handlers: LiveHandlers) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    this.timer = null;
    this.handlers.state('connecting');
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
    this.handlers.state('down');
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
    source.onopen = () => {
      this.attempt = 0;
      this.handlers.state('open');
    };
    source.onmessage = (event: MessageEvent<string>) => {
      if (event.lastEventId) this.lastEventId = event.lastEventId;
      let message: StreamMessage;
      try {
        message = JSON.parse(event.data) as StreamMessage;
      } catch {
        return;
      }
      this.handlers.message(message);
    };
    source.onerror = () => {
      source.onopen = source.onmessage = source.onerror = null;
      source.close();
      if (this.source === source) this.source = null;
      this.retry();
    };
  }
}
