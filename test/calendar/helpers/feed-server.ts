import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FeedRequest {
  path: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
}

export type FeedRoute =
  | { kind: 'ics'; body: string; etag?: string; lastModified?: string }
  | { kind: 'status'; status: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'endless' }
  | { kind: 'declaredHuge' }
  | { kind: 'silent' };

/**
 * A local stand-in for a calendar host (Google, Exchange, iCloud): serves ICS text with validators
 * and honours If-None-Match / If-Modified-Since with a 304, as those hosts do.
 */
export class FeedServer {
  readonly requests: FeedRequest[] = [];
  readonly routes = new Map<string, FeedRoute>();
  bytesSent = 0;
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly sockets = new Set<Socket>();

  async start(): Promise<void> {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const header = (name: string): string | null => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : null;
    };
    this.requests.push({ path, ifNoneMatch: header('if-none-match'), ifModifiedSince: header('if-modified-since') });
    const route = this.routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    switch (route.kind) {
      case 'ics': {
        const notModified =
          (route.etag && header('if-none-match') === route.etag) || (!route.etag && route.lastModified && header('if-modified-since') === route.lastModified);
        const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
        if (route.etag) headers.etag = route.etag;
        if (route.lastModified) headers['last-modified'] = route.lastModified;
        if (notModified) {
          res.writeHead(304, headers).end();
          return;
        }
        this.bytesSent += Buffer.byteLength(route.body);
        res.writeHead(200, headers).end(route.body);
        return;
      }
      case 'status':
        res.writeHead(route.status, { 'content-type': 'text/html' }).end('<html>error</html>');
        return;
      case 'redirect':
        res.writeHead(302, { location: route.location }).end();
        return;
      case 'declaredHuge':
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(200 * 1024 * 1024) });
        res.write('BEGIN:VCALENDAR\r\n');
        return;
      case 'silent':
        return;
      case 'endless': {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const chunk = Buffer.from(`BEGIN:VEVENT\r\nSUMMARY:${'x'.repeat(1000)}\r\nEND:VEVENT\r\n`.repeat(64));
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) this.bytesSent += chunk.length;
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        res.write('BEGIN:VCALENDAR\r\n');
        pump();
        return;
      }
    }
  }
}
