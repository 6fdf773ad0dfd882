import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Responder = (req: Recorded) => { status: number; body: unknown; contentType?: string };

/**
 * A local stand-in for a service outside the house (Google's OAuth and HomeGraph, Amazon's LWA
 * and event gateway): answers by path and records every request it receives, body included.
 */
export class RecordingStub {
  readonly requests: Recorded[] = [];
  private readonly routes = new Map<string, Responder>();
  private server!: http.Server;
  url = '';

  static async start(): Promise<RecordingStub> {
    const stub = new RecordingStub();
    stub.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        stub.requests.push(recorded);
        const responder = stub.routes.get(recorded.path.split('?')[0]);
        const answer = responder ? responder(recorded) : { status: 404, body: { error: 'not found' } };
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  on(path: string, responder: Responder): this {
    this.routes.set(path, responder);
    return this;
  }

  to(path: string): Recorded[] {
    return this.requests.filter((r) => r.path.split('?')[0] === path);
  }

  json<T>(r: Recorded): T {
    return JSON.parse(r.body) as T;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
