import http from 'node:http';

export interface SseFrame {
  id?: string;
  data?: string;
  retry?: number;
  comments: string[];
}

/**
 * A raw SSE reader over node:http (no EventSource polyfill): it sees exactly the bytes the server
 * writes, comments and `retry:` included, and can be cut like a dropped network.
 */
export class SseClient {
  readonly frames: SseFrame[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  body = '';
  /** The server ended the stream. */
  ended = false;
  private buffer = '';
  private request: http.ClientRequest | null = null;
  private waiters: (() => void)[] = [];

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.push(chunk));
        res.on('error', () => undefined);
        res.on('end', () => {
          client.ended = true;
          for (const wake of client.waiters.splice(0)) wake();
        });
        resolve(client);
      });
      client.request.on('error', reject);
    });
  }

  private push(chunk: string): void {
    this.body += chunk;
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: SseFrame = { comments: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('data: ')) frame.data = line.slice(6);
        else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
      }
      this.frames.push(frame);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Parsed `data:` payloads so far. */
  messages<T = { type: string; householdId?: string; payload?: unknown }>(): T[] {
    return this.frames.filter((f) => f.data !== undefined).map((f) => JSON.parse(f.data as string) as T);
  }

  lastId(): string | undefined {
    return [...this.frames].reverse().find((f) => f.id)?.id;
  }

  async waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting; received so far:\n${this.body}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request?.destroy();
  }
}
