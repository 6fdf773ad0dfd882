import { drainAndClose } from '@server/fleet/drain';
import { SseClient } from '@test/mirror/support/sse-client';
import { inProcessFleet, type InProcessFleet } from './support/in-process-fleet';

jest.setTimeout(60_000);

describe('behind a load balancer: readiness and a graceful drain (PostgreSQL fleet)', () => {
  let fleet: InProcessFleet;
  beforeAll(async () => {
    fleet = await inProcessFleet(2);
  });
  afterAll(async () => fleet.close());

  it('on drain: readiness 503 at once, open streams told to reconnect (short retry) and ended, new streams refused, then closed', async () => {
    const [leaving, staying] = fleet.members;
    const created = await staying.app.households.create({ name: 'Drained', locale: 'en-US' });
    expect((await fetch(`${leaving.base}/ready`)).status).toBe(200);
    const stream = await SseClient.open(`${leaving.base}/api/v1/events`, { authorization: `Bearer ${created.token}` });
    await stream.waitFor(() => stream.messages().some((m) => m.type === 'stream.resync'));
    const seen = stream.lastId();

    const drained = drainAndClose(leaving.app, { graceMs: 400, requestsTimeoutMs: 2_000 });
    await stream.waitFor(() => stream.ended, 2_000);
    expect(stream.frames.some((f) => f.retry !== undefined && f.retry < 1_000 && f.comments.includes('reconnect elsewhere'))).toBe(true);
    const ready = await fetch(`${leaving.base}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('DRAINING');
    const refused = await fetch(`${leaving.base}/api/v1/events`, { headers: { authorization: `Bearer ${created.token}` } });
    expect(refused.status).toBe(503);
    // Meanwhile the page reconnects to the instance that stays and misses nothing.
    staying.app.events.publish('notification', created.household.id, { key: 'after.drain', params: {}, level: 'info' });
    await staying.app.fleet.relay?.flush();
    const resumed = await SseClient.open(`${staying.base}/api/v1/events?lastEventId=${seen ?? ''}`, { authorization: `Bearer ${created.token}` });
    await resumed.waitFor(() => resumed.messages().some((m) => m.type === 'notification'));
    resumed.close();
    await drained;
    await expect(fetch(`${leaving.base}/health`)).rejects.toThrow();
  });
});
