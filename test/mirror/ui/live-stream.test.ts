import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamMessage } from '@server/mirror/messages';
import { Api } from '@mirror/ui/core/api';
import { LiveStream, eventsStream, type LiveState } from '@mirror/ui/core/live';
import { SseParser, type SseEvent } from '@mirror/ui/core/sse';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { waitUntil } from '@test/helpers/wait-until';

/** Feeds `text` to a parser cut into pieces at each of `cuts`. */
function parseInPieces(text: string, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    events.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  return events;
}

describe('the event-stream parser', () => {
  const stream = 'retry: 3000\r\n: connected\r\n\r\nid: 7\r\ndata: {"a":1}\r\n\r\n: heartbeat\n\ndata: one\ndata: two\r\revent: custom\ndata: x\n\nid: 8\0\ndata: {"b":2}\n\n';
  const expected: SseEvent[] = [
    { type: 'message', data: '{"a":1}', lastEventId: '7' },
    { type: 'message', data: 'one\ntwo', lastEventId: '7' },
    { type: 'custom', data: 'x', lastEventId: '7' },
    // An id holding a NUL is ignored: the last good one stays.
    { type: 'message', data: '{"b":2}', lastEventId: '7' },
  ];

  it('reads CRLF, LF and CR lines, comments, joined data lines, named events and ids', () => {
    expect(parseInPieces(stream, [])).toEqual(expected);
  });

  it('gives the same events however the bytes are cut, a CRLF split across two chunks included', () => {
    for (let cut = 1; cut < stream.length; cut++) expect(parseInPieces(stream, [cut])).toEqual(expected);
    expect(parseInPieces(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1))).toEqual(expected);
  });

  it('drops an event with no data and keeps an unfinished one until its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('id: 1\n\nevent: x\n\ndata: half')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ type: 'message', data: 'half', lastEventId: '1' }]);
  });
});

describe('the page live stream against the real server', () => {
  let t: TestApp;
  let base: string;
  const streams: LiveStream[] = [];
  /** The page's Api, pointed at the listening server (the page itself uses relative paths). */
  const apiFor = (token: string) => new Api(token, { fetch: (input, init) => fetch(`${base}${String(input)}`, init) });
  const follow = (token: string, idleTimeoutMs?: number) => {
    const messages: StreamMessage[] = [];
    const states: LiveState[] = [];
    const live = new LiveStream(eventsStream(apiFor(token)), { message: (m) => messages.push(m), state: (s) => states.push(s) }, idleTimeoutMs);
    streams.push(live);
    live.start();
    return { live, messages, states };
  };

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const live of streams.splice(0)) live.stop();
    await waitUntil(() => t.app.mirror.connections() === 0);
  });
  afterAll(async () => t.close());

  it('opens with the page token in its header, asks no URL token, and hears its household only', async () => {
    const a = await t.household('A');
    const b = await t.household('B');
    const urlTokensBefore = (await t.app.store.db.selectFrom('url_tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    const seen: { url?: string; authorization?: string }[] = [];
    const onRequest = (request: http.IncomingMessage) => seen.push({ url: request.url, authorization: request.headers.authorization });
    t.app.server.on('request', onRequest);
    const page = follow(a.token);
    await waitUntil(() => page.messages.length === 1);
    t.app.server.off('request', onRequest);
    expect(page.states).toEqual(['connecting', 'open']);
    expect(page.messages[0]).toEqual({ type: 'stream.resync', reason: 'connected' });
    expect(seen).toEqual([{ url: '/api/v1/events', authorization: `Bearer ${a.token}` }]);
    expect(await page.live.subscribedAt()).toBe(t.app.mirror.latestId());
    expect((await t.app.store.db.selectFrom('url_tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n).toBe(urlTokensBefore);

    t.app.events.publish('stock.low', b.id, { supplyId: 's-b', name: 'Lait', level: 1, unit: 'L', daysLeft: 1 });
    t.app.events.publish('stock.updated', a.id, { supplyId: 's-a', level: 2, daysLeft: 3 });
    await waitUntil(() => page.messages.length === 2);
    expect(page.messages[1]).toEqual(expect.objectContaining({ type: 'stock.updated', householdId: a.id }));
  });

  it('reconnects after the server cut it, and is replayed what it missed meanwhile', async () => {
    const h = await t.household('Blink');
    const page = follow(h.token);
    await waitUntil(() => page.messages.length === 1);
    t.app.events.publish('stock.updated', h.id, { supplyId: 's1', level: 3, daysLeft: 4 });
    await waitUntil(() => page.messages.length === 2);
    t.app.mirror.closeHousehold(h.id);
    await waitUntil(() => page.states.includes('down'));
    // Published while the page waits out its backoff (about a second): the replay brings it.
    t.app.events.publish('proposal.created', h.id, { orderId: 'o1', supplyId: 's1' });
    await waitUntil(() => page.states.filter((s) => s === 'open').length === 2);
    await waitUntil(() => page.messages.length === 3);
    expect(page.messages.map((m) => m.type)).toEqual(['stream.resync', 'stock.updated', 'proposal.created']);
  });

  it('goes down on a refused token and keeps trying, without ever opening', async () => {
    const page = follow('md_not-a-token');
    await waitUntil(() => page.states.includes('down'));
    expect(page.states).toEqual(['connecting', 'down']);
    expect(page.messages).toEqual([]);
    expect(await page.live.subscribedAt()).toBeNull();
  });

  it('gives up on a connection that stays silent past three heartbeats, and opens another', async () => {
    // A server that answers the stream's headers, then nothing: a link gone dead without a FIN.
    let opened = 0;
    const silent = http.createServer((_req, res) => {
      opened += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const states: LiveState[] = [];
    const live = new LiveStream((lastEventId, signal) => new Api('md_x', { fetch: (input, init) => fetch(`${url}${String(input)}`, init) }).stream('/api/v1/events', {}, signal), {
      message: () => undefined,
      state: (s) => states.push(s),
    }, 150);
    try {
      live.start();
      await waitUntil(() => opened === 2, 5000);
      expect(states.slice(0, 4)).toEqual(['connecting', 'open', 'down', 'connecting']);
    } finally {
      live.stop();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
