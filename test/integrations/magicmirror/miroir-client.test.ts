import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MODULE_DIR } from './support/magicmirror';

interface Client {
  start(): void;
  stop(): void;
}
const { MiroirClient } = jest.requireActual<{ MiroirClient: new (options: Record<string, unknown>) => Client }>(path.join(MODULE_DIR, 'lib/miroir-client.js'));

/**
 * A network that dies without closing the connection (Wi-Fi gone, no FIN): the stream stays open and
 * silent. This stands for the network, which is outside the house; the real server is tested in
 * mmm-miroir.test.ts.
 */
describe("the module's Miroir client on a silent network", () => {
  it('gives up a stream silent for longer than the heartbeat allows and opens a new one', async () => {
    const streams: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
      if (req.url === '/api/v1/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('retry: 50\n: connected\n\n');
        streams.push(res);
        return;
      }
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const errors: string[] = [];
    const client = new MiroirClient({ url, token: 't', parts: ['supplies'], onData: () => undefined, onError: (code: string) => errors.push(code), idleTimeoutMs: 300, debounceMs: 0 });
    try {
      client.start();
      for (let i = 0; i < 200 && streams.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(streams.length).toBeGreaterThanOrEqual(2);
      expect(errors).toContain('UNREACHABLE');
    } finally {
      client.stop();
      for (const s of streams) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
