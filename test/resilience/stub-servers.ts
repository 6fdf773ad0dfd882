import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Outside services misbehaving, on 127.0.0.1: a provider that can be switched from answering to
 * hanging (accepts the connection, never answers), and a feed that streams without end.
 */
export class FaultyServer {
  mode: 'answer' | 'hang' | 'endless' = 'answer';
  body = '';
  contentType = 'application/json';
  requests = 0;
  /** Bytes the endless mode managed to push before the client gave up. */
  streamed = 0;
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.requests++;
      if (this.mode === 'hang') return; // the connection stays open, no byte ever comes back
      if (this.mode === 'answer') {
        res.writeHead(200, { 'content-type': this.contentType });
        res.end(this.body);
        return;
      }
      // "10 GB": a chunked body that never ends, written as fast as the client reads.
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const chunk = Buffer.from(`BEGIN:VEVENT\r\nUID:${'x'.repeat(1000)}\r\nSUMMARY:spam\r\nEND:VEVENT\r\n`.repeat(64));
      const pump = (): void => {
        while (!res.destroyed) {
          this.streamed += chunk.length;
          if (this.streamed > 10 * 1024 ** 3) return void res.end();
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.write('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n');
      pump();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
