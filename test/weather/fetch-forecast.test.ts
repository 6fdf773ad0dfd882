import { fetchJson, retryAfterMs } from '@server/weather/fetch-forecast';
import { ProviderError } from '@server/weather/types';
import { fixture, StubProvider } from './stub-server';

const policy = { timeoutMs: 300, attempts: 3, backoffMs: 10 };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

describe('fetching a provider answer', () => {
  let stub: StubProvider;
  const req = () => ({ url: `${stub.url}/v1/forecast?x=1`, headers: { 'user-agent': 'Miroir-test' } });
  beforeAll(async () => {
    stub = await StubProvider.start();
  });
  afterAll(async () => stub.close());
  beforeEach(() => {
    stub.seen.length = 0;
  });

  it('returns the parsed body and how long the provider says it stays fresh', async () => {
    stub.reply(stub.json(fixture('open-meteo-paris.json'), { headers: { date: 'Mon, 30 Nov 2026 07:00:00 GMT', expires: 'Mon, 30 Nov 2026 07:45:00 GMT' } }));
    const got = await fetchJson(req(), policy);
    expect((got.body as { timezone: string }).timezone).toBe('Europe/Paris');
    expect(got.freshForMs).toBe(45 * 60_000);
    expect(stub.seen[0].headers['user-agent']).toBe('Miroir-test');
  });

  it('retries a 5xx with backoff and succeeds', async () => {
    stub.reply({ status: 502, body: '<html>Bad gateway</html>' }, { status: 500, body: '' }, stub.json(fixture('open-meteo-paris.json')));
    await fetchJson(req(), policy);
    expect(stub.seen).toHaveLength(3);
  });

  it('gives up after the last attempt on a provider that stays down', async () => {
    stub.reply({ status: 503, body: 'down' });
    const err = await failure(fetchJson(req(), policy));
    expect(err.kind).toBe('http');
    expect(err.details.status).toBe(503);
    expect(stub.seen).toHaveLength(3);
  });

  it('does not retry a 429 and reports its Retry-After', async () => {
    stub.reply({ status: 429, body: fixture('met-no-error-429.html'), headers: { 'retry-after': '120', 'content-type': 'text/html' } });
    const err = await failure(fetchJson(req(), policy));
    expect(err.kind).toBe('rate_limited');
    expect(err.details.retryAfterMs).toBe(120_000);
    expect(stub.seen).toHaveLength(1);
  });

  it('times out a stalled provider on every attempt', async () => {
    stub.reply({ hang: true });
    const started = Date.now();
    const err = await failure(fetchJson(req(), { ...policy, attempts: 2 }));
    expect(err.kind).toBe('timeout');
    expect(stub.seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('tells an empty body, a truncated one and an HTML page apart', async () => {
    stub.reply({ status: 200, body: '' });
    expect((await failure(fetchJson(req(), policy))).kind).toBe('empty');
    expect(stub.seen).toHaveLength(1);
    const body = fixture('open-meteo-paris.json');
    stub.seen.length = 0;
    stub.reply(stub.json(body.slice(0, Math.floor(body.length / 2))));
    expect((await failure(fetchJson(req(), policy))).kind).toBe('truncated');
    expect(stub.seen).toHaveLength(3);
    stub.reply({ status: 200, body: '<html><body>Maintenance</body></html>', headers: { 'content-type': 'text/html' } });
    expect((await failure(fetchJson(req(), policy))).kind).toBe('invalid');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('30', null)).toBe(30_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 07:10:00 GMT', 'Mon, 30 Nov 2026 07:00:00 GMT')).toBe(600_000);
    expect(retryAfterMs('soon', null)).toBeNull();
    expect(retryAfterMs(null, null)).toBeNull();
  });
});
