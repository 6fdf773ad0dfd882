import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** One canned answer of the fake provider. `hang` never answers (a provider that stalls); `reset` drops the connection. */
export interface StubReply {
  reset?: boolean;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
}

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

export const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

/**
 * A local stand-in for a weather provider on 127.0.0.1 (port 0): answers from a queue of replies
 * (the last one repeats), and records what it was asked, so a test sees retries and headers.
 */
export class StubProvider {
  readonly seen: SeenRequest[] = [];
  private queue: StubReply[] = [];
  private readonly byLatitude = new Map<string, StubReply[]>();
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  url = '';

  private constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<StubProvider> {
    const stub = new StubProvider();
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  /** Replaces the queue; the last reply keeps being served once the others are used. */
  reply(...replies: StubReply[]): void {
    this.queue = replies;
  }

  /** Replies for one place only (by its `latitude` parameter), as a provider answers each location on its own. */
  replyFor(latitude: number, ...replies: StubReply[]): void {
    this.byLatitude.set(String(latitude), replies);
  }

  json(body: string, extra: Omit<StubReply, 'body'> = {}): StubReply {
    return { status: 200, body, headers: { 'content-type': 'application/json; charset=utf-8', ...extra.headers }, ...extra };
  }

  requests(pathPart: string): SeenRequest[] {
    return this.seen.filter((r) => r.path.includes(pathPart));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    this.seen.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const queue = this.byLatitude.get(url.searchParams.get('latitude') ?? '') ?? this.queue;
    const next = queue.length > 1 ? queue.shift()! : queue[0];
    if (!next) {
      res.writeHead(404).end();
      return;
    }
    if (next.hang) return;
    if (next.reset) {
      req.socket.destroy();
      return;
    }
    const send = () => {
      res.writeHead(next.status ?? 200, { date: new Date().toUTCString(), ...next.headers });
      res.end(next.body ?? '');
    };
    if (next.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, next.delayMs);
      this.timers.add(timer);
    } else send();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
