import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IcsFeeds {
  /** `http://127.0.0.1:<port>`: a path of `files` below it answers that calendar, anything else 404. */
  url: string;
  close(): Promise<void>;
}

/**
 * Calendar feeds served from this machine, as a family's Google or Outlook address would serve
 * them (the server must be started with `MIROIR_CALENDAR_ALLOW_NETWORKS: '127.0.0.1/32'`, since
 * Miroir refuses local addresses otherwise: SSRF).
 */
export async function startIcsFeeds(files: Record<string, string>): Promise<IcsFeeds> {
  const server = http.createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-type': 'text/calendar' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
