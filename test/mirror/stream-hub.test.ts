import { ManualClock } from '@server/core/clock';
import { EventBus } from '@server/core/event-bus';
import { StreamHub, type StreamSink } from '@server/mirror/stream-hub';

/** A connection as the hub sees it: what was written, whether it ended, how much is unsent. */
class RecordingSink implements StreamSink {
  chunks: string[] = [];
  ended = false;
  writableLength = 0;
  constructor(private readonly accepts = true) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    if (!this.accepts) this.writableLength += chunk.length;
    return this.accepts;
  }
  end(): void {
    this.ended = true;
  }
}

describe('StreamHub', () => {
  const bus = new EventBus(new ManualClock());
  let hub: StreamHub;
  beforeEach(() => {
    hub = new StreamHub(bus, { heartbeatMs: 60_000 });
  });
  afterEach(() => hub.closeAll());

  it("ends an erased household's streams and replay, and only that household's", () => {
    const erased = new RecordingSink();
    const neighbour = new RecordingSink();
    hub.attach('gone', erased);
    hub.attach('stays', neighbour);
    bus.publish('notification', 'gone', { key: 'k', params: {}, level: 'info' });
    hub.closeHousehold('gone');
    expect(erased.ended).toBe(true);
    expect(neighbour.ended).toBe(false);
    expect(hub.connections()).toBe(1);
    // A reconnect with an old event id finds nothing to replay: the buffer went with the household.
    const again = new RecordingSink();
    hub.attach('gone', again, 'whatever-1');
    expect(again.chunks.join('')).not.toContain('"notification"');
  });

  it('cuts off a client that stopped reading once its backlog passes 1 MiB, and only that one', () => {
    const stuck = new RecordingSink(false);
    const fine = new RecordingSink(true);
    hub.attach('h1', stuck);
    hub.attach('h1', fine);
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 20; i++) bus.publish('notification', 'h1', { key: 'k', params: { big }, level: 'info' });
    expect(stuck.ended).toBe(true);
    expect(fine.ended).toBe(false);
    expect(hub.connections()).toBe(1);
    expect(fine.chunks.filter((c) => c.includes('"notification"'))).toHaveLength(20);
  });

  it('closes each connection once, however many times the socket reports it', () => {
    const sink = new RecordingSink();
    const close = hub.attach('h1', sink);
    close();
    close();
    expect(hub.connections()).toBe(0);
    bus.publish('agenda.updated', 'h1', {});
    expect(sink.chunks.some((c) => c.includes('agenda.updated'))).toBe(false);
  });

  it('stops recording once closed: the bus keeps no listener of a closed hub', () => {
    const before = bus.listenerCount();
    const other = new StreamHub(bus);
    expect(bus.listenerCount()).toBe(before + 1);
    other.closeAll();
    expect(bus.listenerCount()).toBe(before);
  });
});
