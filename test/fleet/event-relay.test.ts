import { sql } from 'kysely';
import { EventBus } from '@server/core/event-bus';
import { EventRelay, packMessages, INLINE_PAYLOAD_BYTES } from '@server/fleet/event-relay';
import { SseClient } from '@test/mirror/support/sse-client';
import { inProcessFleet, type InProcessFleet } from './support/in-process-fleet';

jest.setTimeout(60_000);

describe('events across instances (LISTEN/NOTIFY and the shared event log)', () => {
  let fleet: InProcessFleet;
  const clients: SseClient[] = [];
  let household: { id: string; token: string };
  beforeAll(async () => {
    fleet = await inProcessFleet(2);
    const created = await fleet.members[0].app.households.create({ name: 'Fleet home', locale: 'en-US' });
    household = { id: created.household.id, token: created.token };
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => fleet.close());

  const open = async (member: number, lastEventId?: string) => {
    const q = new URLSearchParams(lastEventId ? { lastEventId } : {});
    const client = await SseClient.open(`${fleet.members[member].base}/api/v1/events?${q.toString()}`, { authorization: `Bearer ${household.token}` });
    clients.push(client);
    await client.waitFor(() => client.messages().some((m) => m.type === 'stream.resync') || client.frames.some((f) => f.comments.includes('connected')));
    return client;
  };
  const notifications = (c: SseClient) => c.messages<{ type: string; payload: { key: string; params: Record<string, string> } }>().filter((m) => m.type === 'notification');

  it('a stream open on instance B shows what instance A published within a second, with the same id on both', async () => {
    const onB = await open(1);
    const onA = await open(0);
    const sentAt = Date.now();
    fleet.members[0].app.events.publish('notification', household.id, { key: 'fleet.hello', params: {}, level: 'info' });
    await onB.waitFor(() => notifications(onB).length === 1, 1000);
    expect(Date.now() - sentAt).toBeLessThan(1000);
    await onA.waitFor(() => notifications(onA).length === 1, 1000);
    expect(onB.lastId()).toMatch(/^f-\d+$/);
    expect(onB.lastId()).toBe(onA.lastId());
  });

  it('passes an event larger than a NOTIFY payload by reference, whole', async () => {
    const onB = await open(1);
    const big = 'x'.repeat(3 * INLINE_PAYLOAD_BYTES);
    fleet.members[0].app.events.publish('notification', household.id, { key: 'fleet.big', params: { big }, level: 'info' });
    await onB.waitFor(() => notifications(onB).some((m) => m.payload.key === 'fleet.big'), 2000);
    expect(notifications(onB).find((m) => m.payload.key === 'fleet.big')?.payload.params.big).toHaveLength(big.length);
  });

  it('replays by Last-Event-ID on another instance than the one that streamed, and resyncs on an unknown id', async () => {
    const onA = await open(0);
    fleet.members[0].app.events.publish('notification', household.id, { key: 'fleet.before', params: {}, level: 'info' });
    await onA.waitFor(() => notifications(onA).some((m) => m.payload.key === 'fleet.before'));
    const seen = onA.lastId();
    onA.close();
    // Missed while away, published on both instances.
    fleet.members[0].app.events.publish('notification', household.id, { key: 'fleet.missed1', params: {}, level: 'info' });
    fleet.members[1].app.events.publish('notification', household.id, { key: 'fleet.missed2', params: {}, level: 'info' });
    await fleet.members[0].app.fleet.relay?.flush();
    await fleet.members[1].app.fleet.relay?.flush();
    const onB = await open(1, seen);
    await onB.waitFor(() => notifications(onB).length >= 2);
    // Two instances published at once: the log's order is their commit order, either way round, and replay follows it.
    expect(notifications(onB).map((m) => m.payload.key).sort()).toEqual(['fleet.missed1', 'fleet.missed2']);
    const ids = onB.frames.filter((f) => f.id && f.data?.includes('"notification"')).map((f) => Number(f.id?.slice(2)));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(onB.messages().some((m) => m.type === 'stream.resync')).toBe(false);
    const lost = await open(1, 'deadbeef-12');
    expect(lost.messages()).toContainEqual({ type: 'stream.resync', reason: 'gap' });
  });

  it('hands a peer event to the local bus once (caches invalidated fleet-wide), never its own twice', async () => {
    const seenOnB: string[] = [];
    const seenOnA: string[] = [];
    const offB = fleet.members[1].app.events.subscribe((e) => e.type === 'agenda.updated' && seenOnB.push(e.householdId));
    const offA = fleet.members[0].app.events.subscribe((e) => e.type === 'agenda.updated' && seenOnA.push(e.householdId));
    fleet.members[0].app.events.publish('agenda.updated', household.id, {});
    await fleet.members[0].app.fleet.relay?.flush();
    const deadline = Date.now() + 2000;
    while (seenOnB.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    offA();
    offB();
    expect(seenOnB).toEqual([household.id]);
    expect(seenOnA).toEqual([household.id]);
  });

  it('splits notifications under the 8 kB limit, in id order', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, event: JSON.stringify({ type: 'notification', householdId: 'h', at: 'x', payload: { key: 'k'.repeat(400) } }) }));
    const messages = packMessages('me', rows);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(Buffer.byteLength(m)).toBeLessThan(8000);
    const ids = messages.flatMap((m) => (JSON.parse(m) as { ev: { i: number }[] }).ev.map((e) => e.i));
    expect(ids).toEqual(rows.map((r) => r.id));
    const count = await sql<{ n: number }>`select count(*)::int as n from event_log`.execute(fleet.members[0].store.db);
    expect(count.rows[0].n).toBeGreaterThan(0);
  });

  it('keeps the shared log bounded, and a page that saw a trimmed event resyncs instead of a partial replay', async () => {
    const bus = new EventBus(fleet.clock);
    const relay = new EventRelay(fleet.members[0].store, bus, fleet.clock, { instanceId: 'bounded-test', keep: 10 });
    await relay.start();
    try {
      const first = await fleet.members[0].store.db.selectFrom('event_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      const before = Number(first?.max ?? 0);
      for (let i = 0; i < 600; i++) bus.publish('notification', household.id, { key: `bounded.${i}`, params: {}, level: 'info' });
      await relay.flush();
      const count = await sql<{ n: number }>`select count(*)::int as n from event_log`.execute(fleet.members[0].store.db);
      // Trimmed to the newest `keep` each time the ids cross a multiple of 256: never more than keep + 256 + one batch.
      expect(count.rows[0].n).toBeLessThanOrEqual(10 + 256 + 200);
      expect(await relay.replay(household.id, `f-${before + 1}`, 100)).toBeNull();
    } finally {
      await relay.stop();
    }
  });

  it("closes an erased household's streams on every instance", async () => {
    const doomed = await fleet.members[0].app.households.create({ name: 'Leaving', locale: 'en-US' });
    const onB = await SseClient.open(`${fleet.members[1].base}/api/v1/events`, { authorization: `Bearer ${doomed.token}` });
    clients.push(onB);
    await onB.waitFor(() => onB.body.includes('connected'));
    const auth = { authorization: `Bearer ${doomed.token}` };
    const { confirmation } = (await (await fetch(`${fleet.members[0].base}/api/v1/household/erase-confirmation`, { method: 'POST', headers: auth })).json()) as { confirmation: string };
    const erased = await fetch(`${fleet.members[0].base}/api/v1/household`, { method: 'DELETE', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ confirmation }) });
    expect(erased.status).toBe(200);
    await onB.waitFor(() => onB.ended, 2000);
    expect(onB.ended).toBe(true);
  });
});
