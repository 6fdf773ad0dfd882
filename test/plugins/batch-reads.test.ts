import { BATCH_READS_PATH } from '@server/mirror/messages';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

interface Part {
  status: number;
  body: unknown;
}

describe('POST /api/v1/reads: several GETs in one request', () => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let display: { authorization: string };

  beforeAll(async () => {
    t = await buildTestApp();
    home = await t.household('Batch home');
    display = { authorization: `Bearer ${await t.app.households.tokens.issue(home.id, 'display', null, 'mirror')}` };
    await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: home.auth, payload: { name: 'Milk', unit: 'L', capacity: 6, level: 1, reorderPoint: 2, sku: 'milk-6x1l', policy: { mode: 'notify' } } });
  });
  afterAll(() => t.close());

  const batch = async (paths: string[], headers: Record<string, string> = display) => {
    const res = await t.app.inject({ method: 'POST', url: BATCH_READS_PATH, headers: { ...headers, 'accept-language': 'fr-FR' }, payload: { paths } });
    return { status: res.statusCode, parts: res.statusCode === 200 ? (res.json() as { responses: Part[] }).responses : [], body: res.json() as Record<string, unknown> };
  };
  const alone = async (url: string, headers: Record<string, string> = display): Promise<Part> => {
    const res = await t.app.inject({ method: 'GET', url, headers: { ...headers, 'accept-language': 'fr-FR' } });
    return { status: res.statusCode, body: res.json() };
  };

  it('answers each read, in order, exactly as the read alone would', async () => {
    const paths = ['/api/v1/supplies', '/api/v1/orders', '/api/v1/mirror/power', '/api/v1/household', '/api/v1/agenda', `/api/v1/outfits/today?profile=${home.profileId}`];
    const { status, parts } = await batch(paths);
    expect(status).toBe(200);
    expect(parts).toHaveLength(paths.length);
    for (const [i, path] of paths.entries()) expect(parts[i]).toEqual(await alone(path));
    expect((parts[0].body as { supplies: { name: string }[] }).supplies.map((s) => s.name)).toEqual(['Milk']);
  });

  it("keeps each failing read's own status and error, the others answered", async () => {
    const { status, parts } = await batch(['/api/v1/outfits/today?profile=nobody', '/api/v1/privacy/export', '/api/v1/supplies', '/api/v1/nowhere', '/api/v1/agenda?from=yesterday']);
    expect(status).toBe(200);
    expect(parts.map((p) => p.status)).toEqual([404, 403, 200, 404, 400]);
    // A display token's limits hold for every read: the export is not the mirror's.
    expect(parts[1]).toEqual(await alone('/api/v1/privacy/export'));
    expect((parts[0].body as { error: { code: string; message: string } }).error).toEqual({ code: 'NOT_FOUND', message: expect.stringMatching(/\S/) });
    expect(parts[0]).toEqual(await alone('/api/v1/outfits/today?profile=nobody'));
    expect(parts[4]).toEqual(await alone('/api/v1/agenda?from=yesterday'));
  });

  it('refuses, per read, what a browser opens without headers (the stream, photos); a batch is no read', async () => {
    const { parts } = await batch(['/api/v1/events', '/api/v1/wardrobe/items/x/photo', BATCH_READS_PATH, '/api/v1/supplies']);
    expect(parts.map((p) => p.status)).toEqual([400, 400, 404, 200]);
    for (const part of parts.slice(0, 2)) expect((part.body as { error: { code: string } }).error.code).toBe('NOT_BATCHABLE');
  });

  it('a read of a household it may not see is refused like the read alone', async () => {
    const other = await t.household('Other home');
    const { parts } = await batch([`/api/v1/outfits/today?profile=${other.profileId}`]);
    expect(parts[0]).toEqual(await alone(`/api/v1/outfits/today?profile=${other.profileId}`));
    expect(parts[0].status).toBeGreaterThanOrEqual(400);
  });

  it('lets the event loop turn between its reads: a long batch is not one long task', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => (i % 2 ? '/api/v1/supplies' : '/api/v1/orders'));
    let turns = 0;
    let done = false;
    const count = () => {
      turns++;
      if (!done) setImmediate(count);
    };
    setImmediate(count);
    const { parts } = await batch(paths);
    done = true;
    expect(parts.map((p) => p.status)).toEqual(paths.map(() => 200));
    expect(turns).toBeGreaterThanOrEqual(paths.length);
  });

  it('needs a person’s or the mirror’s token itself, and only /api/v1/ paths, a page’s worth at most', async () => {
    expect((await batch(['/api/v1/supplies'], {})).status).toBe(401);
    const device = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: home.auth, payload: { name: 'Fridge', kind: 'fridge', supplyIds: [] } });
    expect((await batch(['/api/v1/supplies'], { authorization: `Bearer ${(device.json() as { token: string }).token}` })).status).toBe(403);
    expect((await batch(['/health'])).status).toBe(400);
    expect((await batch(['http://elsewhere.example/api/v1/supplies'])).status).toBe(400);
    expect((await batch([])).status).toBe(400);
    expect((await batch(Array.from({ length: 17 }, () => '/api/v1/supplies'))).status).toBe(400);
  });
});
