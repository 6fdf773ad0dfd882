import http from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';

/** A Fastify instance's request listener (`app.routing`): what the HTTP server calls per request. */
export type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface InProcessGet {
  /** Path and query, as a client would send it. */
  url: string;
  headers: Record<string, string>;
  /** The address the read is made for (rate limits and logs key on it). */
  remoteAddress: string;
}

export interface InProcessAnswer {
  statusCode: number;
  contentType: string | undefined;
  /** The body as the route sent it ('' when it had none). */
  payload: string;
}

/** Where a response's bytes would go: nowhere, since the body is kept by the response itself. */
class DiscardingSocket extends Writable {
  readonly encrypted = false;

  constructor(readonly remoteAddress: string) {
    super();
  }

  override _write(_chunk: unknown, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    done();
  }
}

type WriteCallback = (error: Error | null | undefined) => void;

/** The requests made here: only this module adds to it, so no client can pass for one. */
const inProcess = new WeakSet<http.IncomingMessage>();

/**
 * Whether a request is a read made inside the process (a batch's): its answer goes back into the
 * batch's body, never to a browser, so what only a browser reads (security headers) and a log
 * line of its own (the batch has one) are spared it, and a route only a browser opens by URL
 * token (a stream, a photo) refuses it. No header can claim it: only this module marks one.
 */
export function isInProcessRead(req: http.IncomingMessage): boolean {
  return inProcess.has(req);
}

/** A real `http.ServerResponse` that keeps what the route writes. */
class KeptResponse extends http.ServerResponse {
  private readonly chunks: Buffer[] = [];

  constructor(req: http.IncomingMessage) {
    super(req);
    // With a header set once, writeHead(status, headers) merges into getHeaders() rather than
    // rendering its argument straight into the raw head, so the answer's headers can be read back.
    this.setHeader('x-in-process', '1');
    this.removeHeader('x-in-process');
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    this.keep(chunk, encoding);
    return super.write(chunk, encoding as BufferEncoding, callback as WriteCallback);
  }

  override end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.keep(chunk, encoding);
    return super.end(chunk, encoding as BufferEncoding, callback as () => void);
  }

  body(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  private keep(chunk: unknown, encoding: unknown): void {
    if (typeof chunk === 'string') this.chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
}

/**
 * A GET answered by the app's own request listener inside this process, through every hook and
 * route as a request from the network would be, with Node's own request and response classes.
 * Fastify's `inject` (light-my-request) does the same for tests, but gives each request an
 * accessor property of its own (`connection`, and `cookies` on the answer): V8 then builds a
 * hidden class per request in the old generation, and everything those classes reach survives
 * every young-generation collection until the next full one. Under the mirror's batched reads
 * that promoted ~90 KB per batch and brought a full collection about every second of load.
 */
export function inProcessGet(listener: RequestListener, read: InProcessGet): Promise<InProcessAnswer> {
  return new Promise((resolve, reject) => {
    const socket = new DiscardingSocket(read.remoteAddress);
    const req = new http.IncomingMessage(socket as unknown as Socket);
    req.method = 'GET';
    req.url = read.url;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    req.headers = { ...read.headers };
    for (const [name, value] of Object.entries(read.headers)) req.rawHeaders.push(name, value);
    // A GET has no body: its stream ends at once, as the network's would after the head.
    req.push(null);
    inProcess.add(req);
    const res = new KeptResponse(req);
    res.assignSocket(socket as unknown as Socket);
    res.once('finish', () => {
      const type = res.getHeader('content-type');
      resolve({ statusCode: res.statusCode, contentType: typeof type === 'string' ? type : undefined, payload: res.body() });
      // As Node's server ends an answered exchange: the socket let go, the response closed. The
      // request stream is left as it is (ended, never read): resuming it would destroy it before
      // its end reached Fastify's own watcher, which then builds a premature-close error per read.
      res.detachSocket(socket as unknown as Socket);
      process.nextTick(() => res.emit('close'));
    });
    res.once('error', reject);
    listener(req, res);
  });
}
