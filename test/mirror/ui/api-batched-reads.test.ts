import { Api, ApiError, NetworkError } from '@mirror/ui/core/api';
import { BATCH_READS_PATH } from '@server/mirror/messages';

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/** The mirror's API client with batching on, against a scripted browser fetch (outside the house's code). */
describe('the mirror’s API client sends the reads of one task together', () => {
  let sent: Sent[];
  let answer: (path: string, body: unknown) => Response | Promise<Response>;
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    sent.push({ method: init?.method ?? 'GET', path: String(input), body });
    return answer(String(input), body);
  }) as typeof fetch;
  const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status });
  /** What the server's batch route answers: each read by its path, one failing. */
  const server = (path: string, body: unknown): Response => {
    if (path !== BATCH_READS_PATH) return json({ alone: path });
    const { paths } = body as { paths: string[] };
    return json({
      responses: paths.map((p) => (p.includes('missing') ? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No such thing.', field: 'id' } } } : { status: 200, body: { read: p } })),
    });
  };
  beforeEach(() => {
    sent = [];
    answer = server;
  });

  it('reads asked in the same task go as one request, each getting its own answer', async () => {
    const api = new Api('tok', { fetch: fetchImpl, batchPath: BATCH_READS_PATH });
    const [weather, orders, again] = await Promise.all([api.get('/api/v1/weather'), api.get('/api/v1/orders'), api.get('/api/v1/weather')]);
    expect(sent).toEqual([{ method: 'POST', path: BATCH_READS_PATH, body: { paths: ['/api/v1/weather', '/api/v1/orders'] } }]);
    expect(weather).toEqual({ read: '/api/v1/weather' });
    expect(orders).toEqual({ read: '/api/v1/orders' });
    // Asked twice while on its way: one read, one answer shared.
    expect(again).toBe(weather);
  });

  it('a read alone, or outside the API (the clock), goes as itself', async () => {
    const api = new Api('tok', { fetch: fetchImpl, batchPath: BATCH_READS_PATH });
    await api.get('/api/v1/household');
    await Promise.all([api.get('/health'), api.get('/api/v1/mirror/power')]);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /api/v1/household', 'GET /health', 'GET /api/v1/mirror/power']);
  });

  it('a failing read rejects as it would alone (code, message, field); the others resolve', async () => {
    const api = new Api('tok', { fetch: fetchImpl, batchPath: BATCH_READS_PATH });
    const [missing, fine] = await Promise.allSettled([api.get('/api/v1/missing'), api.get('/api/v1/supplies')]);
    expect(missing.status).toBe('rejected');
    const error = (missing as PromiseRejectedResult).reason as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message, error.field]).toEqual([404, 'NOT_FOUND', 'No such thing.', 'id']);
    expect(fine).toEqual({ status: 'fulfilled', value: { read: '/api/v1/supplies' } });
  });

  it('the server unreachable or refusing the batch: every read fails the same way, and the next ones ask again', async () => {
    const reachable: boolean[] = [];
    const api = new Api('tok', { fetch: fetchImpl, batchPath: BATCH_READS_PATH });
    api.onReachability((r) => reachable.push(r));
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    const offline = await Promise.allSettled([api.get('/api/v1/weather'), api.get('/api/v1/orders')]);
    expect(offline.map((r) => (r as PromiseRejectedResult).reason instanceof NetworkError)).toEqual([true, true]);
    answer = () => json({ error: { code: 'UNAUTHORIZED', message: 'A valid token is required.' } }, 401);
    const refused = await Promise.allSettled([api.get('/api/v1/weather'), api.get('/api/v1/orders')]);
    expect(refused.map((r) => ((r as PromiseRejectedResult).reason as ApiError).code)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
    expect(reachable).toEqual([false, true]);
    answer = server;
    expect(await Promise.all([api.get('/api/v1/weather'), api.get('/api/v1/orders')])).toEqual([{ read: '/api/v1/weather' }, { read: '/api/v1/orders' }]);
  });

  it('without a batch route (the household app) every read is its own request', async () => {
    const api = new Api('tok', { fetch: fetchImpl });
    await Promise.all([api.get('/api/v1/weather'), api.get('/api/v1/orders')]);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /api/v1/weather', 'GET /api/v1/orders']);
  });
});
