import type { AddressInfo } from 'node:net';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { waitUntil } from '@test/helpers/wait-until';
import { SseClient } from './support/sse-client';

describe('GET /api/v1/events (mirror SSE)', () => {
  let t: TestApp;
  let base: string;
  const clients: SseClient[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(base + path, headers);
    clients.push(client);
    return client;
  };

  /** What the page does before each connection: a five-minute URL token for the stream. */
  const urlToken = async (h: { auth: { authorization: string } }, purpose = 'events'): Promise<string> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/url-tokens', headers: h.auth, payload: { purpose } });
    expect(res.statusCode).toBe(201);
    return res.json<{ token: string }>().token;
  };

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    t.app.mirror.configure({ heartbeatMs: 15_000, replaySize: 100 });
    await waitUntil(() => t.app.mirror.connections() === 0);
  });
  afterAll(async () => t.close());

  it('refuses a request without a token, with a bad token, and in the uniform error shape', async () => {
    const none = await open('/api/v1/events');
    await none.waitFor(() => none.body.length > 0);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    const bad = await open('/api/v1/events?access_token=not-a-token');
    await bad.waitFor(() => bad.body.length > 0);
    expect(bad.status).toBe(401);
    expect(t.app.mirror.connections()).toBe(0);
  });

  it('never takes a bearer token in the URL: only a live URL token for the stream, from a live parent', async () => {
    const h = await t.household('No tokens in URLs');
    const refusals = [];
    refusals.push(await open(`/api/v1/events?access_token=${h.token}`));
    refusals.push(await open(`/api/v1/events?access_token=${await urlToken(h, 'photo')}`));
    const late = await urlToken(h);
    t.clock.advance(5 * 60_000 + 1);
    refusals.push(await open(`/api/v1/events?access_token=${late}`));
    const app = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth, payload: { scope: 'app', label: 'phone' } })).json<{ id: string; token: string }>();
    const orphan = await urlToken({ auth: { authorization: `Bearer ${app.token}` } });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${app.id}`, headers: h.auth });
    refusals.push(await open(`/api/v1/events?access_token=${orphan}`));
    for (const r of refusals) {
      await r.waitFor(() => r.body.length > 0);
      expect(r.status).toBe(401);
    }
    expect(t.app.mirror.connections()).toBe(0);
  });

  it('streams with a URL token or the header, starting with retry and a resync', async () => {
    const h = await t.household('Stream');
    const byQuery = await open(`/api/v1/events?access_token=${await urlToken(h)}`);
    const byHeader = await open('/api/v1/events', h.auth);
    for (const client of [byQuery, byHeader]) {
      expect(client.status).toBe(200);
      expect(client.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(client.headers['cache-control']).toContain('no-store');
      // helmet's headers survive the hijacked response.
      expect(client.headers['content-security-policy']).toContain("default-src 'self'");
      await client.waitFor(() => client.messages().length === 1);
      expect(client.frames[0].retry).toBe(3000);
      expect(client.messages()[0]).toEqual({ type: 'stream.resync', reason: 'connected' });
    }
  });

  it('never sends one household the events of another', async () => {
    const a = await t.household('A');
    const b = await t.household('B');
    const streamA = await open(`/api/v1/events?access_token=${await urlToken(a)}`);
    const streamB = await open(`/api/v1/events?access_token=${await urlToken(b)}`);
    await streamA.waitFor(() => streamA.messages().length === 1);
    await streamB.waitFor(() => streamB.messages().length === 1);
    t.app.events.publish('stock.low', b.id, { supplyId: 's-b', name: 'Lait', level: 1, unit: 'L', daysLeft: 1 });
    t.app.events.publish('notification', a.id, { key: 'supplies.lowStock', params: { name: 'Coffee' }, level: 'info' });
    t.app.events.publish('order.updated', b.id, { orderId: 'o-b', supplyId: 's-b', status: 'shipped', previousStatus: 'placed' });
    await streamA.waitFor(() => streamA.messages().length === 2);
    await streamB.waitFor(() => streamB.messages().length === 3);
    expect(streamA.messages().slice(1)).toEqual([expect.objectContaining({ type: 'notification', householdId: a.id })]);
    expect(streamB.messages().slice(1).map((m) => [m.type, m.householdId])).toEqual([
      ['stock.low', b.id],
      ['order.updated', b.id],
    ]);
    expect(streamA.body).not.toContain(b.id);
  });

  it('sends heartbeat comments while idle', async () => {
    const h = await t.household('Idle');
    t.app.mirror.configure({ heartbeatMs: 40 });
    const stream = await open(`/api/v1/events?access_token=${await urlToken(h)}`);
    await stream.waitFor(() => stream.frames.filter((f) => f.comments.includes('heartbeat')).length >= 2, 2000);
  });

  it('releases the bus subscription and the timer when the client goes away', async () => {
    const h = await t.household('Leaving');
    const before = t.app.events.listenerCount();
    const streams = await Promise.all([1, 2, 3].map(async () => open(`/api/v1/events?access_token=${await urlToken(h)}`)));
    await Promise.all(streams.map((s) => s.waitFor(() => s.messages().length === 1)));
    expect(t.app.mirror.connections()).toBe(3);
    for (const s of streams) s.close();
    await waitUntil(() => t.app.mirror.connections() === 0);
    // The hub keeps one bus listener for all streams; streams add none that outlive them.
    expect(t.app.events.listenerCount()).toBe(before);
  });

  it('replays what a reconnecting page missed by Last-Event-ID, and asks for a resync when it cannot', async () => {
    const h = await t.household('Blink');
    const first = await open(`/api/v1/events?access_token=${await urlToken(h)}`);
    await first.waitFor(() => first.messages().length === 1);
    t.app.events.publish('stock.updated', h.id, { supplyId: 's1', level: 3, daysLeft: 4 });
    await first.waitFor(() => first.messages().length === 2);
    const seen = first.lastId() as string;
    first.close();
    t.app.events.publish('stock.updated', h.id, { supplyId: 's1', level: 2, daysLeft: 3 });
    t.app.events.publish('proposal.created', h.id, { orderId: 'o1', supplyId: 's1' });

    const byHeader = await open('/api/v1/events', { ...h.auth, 'last-event-id': seen });
    await byHeader.waitFor(() => byHeader.messages().length === 2);
    expect(byHeader.messages().map((m) => m.type)).toEqual(['stock.updated', 'proposal.created']);
    const byQuery = await open(`/api/v1/events?access_token=${await urlToken(h)}&lastEventId=${encodeURIComponent(seen)}`);
    await byQuery.waitFor(() => byQuery.messages().length === 2);
    expect(byQuery.messages().map((m) => m.type)).toEqual(['stock.updated', 'proposal.created']);

    // An id from another boot of the server (it restarted): the page must refetch everything.
    const stranger = await open(`/api/v1/events?access_token=${await urlToken(h)}&lastEventId=0badf00d-12`);
    await stranger.waitFor(() => stranger.messages().length === 1);
    expect(stranger.messages()[0]).toEqual({ type: 'stream.resync', reason: 'gap' });

    // Events that fell out of the replay buffer: a gap, not a silent partial replay.
    t.app.mirror.configure({ replaySize: 2 });
    for (let i = 0; i < 4; i++) t.app.events.publish('stock.updated', h.id, { supplyId: 's1', level: i, daysLeft: i });
    const late = await open(`/api/v1/events?access_token=${await urlToken(h)}&lastEventId=${encodeURIComponent(seen)}`);
    await late.waitFor(() => late.messages().length === 1);
    expect(late.messages()[0]).toEqual({ type: 'stream.resync', reason: 'gap' });
  });

  it('ends open streams when the server closes', async () => {
    const other = await buildTestApp();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const h = await other.household('Closing');
    const url = `http://127.0.0.1:${(other.app.server.address() as AddressInfo).port}`;
    const stream = await SseClient.open(`${url}/api/v1/events`, h.auth);
    clients.push(stream);
    await stream.waitFor(() => stream.messages().length === 1);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(other.app.mirror.connections()).toBe(0);
  });
});
