import { Api, ApiError } from '@mirror/ui/core/api';

/** The mirror's API client against a scripted browser fetch (outside the house's code). */
describe('the mirror’s API client shares identical reads in flight', () => {
  const realFetch = globalThis.fetch;
  let calls: string[];
  let release: (() => void)[];
  beforeEach(() => {
    calls = [];
    release = [];
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      await new Promise<void>((resolve) => release.push(resolve));
      const path = String(input);
      if (path.includes('missing')) return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'gone' } }), { status: 404 });
      return new Response(JSON.stringify({ path, n: calls.length }), { status: 200 });
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  const settle = async () => {
    while (release.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    for (const r of release.splice(0)) r();
  };

  it('one request for two regions asking for the same path at once; a later read asks again', async () => {
    const api = new Api('tok');
    const a = api.get<{ n: number }>('/api/v1/supplies');
    const b = api.get<{ n: number }>('/api/v1/supplies');
    const other = api.get<{ n: number }>('/api/v1/orders');
    await settle();
    expect(await a).toEqual(await b);
    await other;
    expect(calls).toEqual(['/api/v1/supplies', '/api/v1/orders']);
    const later = api.get<{ n: number }>('/api/v1/supplies');
    await settle();
    expect((await later).n).toBe(3);
    expect(calls).toHaveLength(3);
  });

  it('an error reaches every asker, and the next read is a new request', async () => {
    const api = new Api('tok');
    const a = api.get('/api/v1/missing');
    const b = api.get('/api/v1/missing');
    await settle();
    await expect(a).rejects.toBeInstanceOf(ApiError);
    await expect(b).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(1);
    const again = api.get('/api/v1/missing');
    await settle();
    await expect(again).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(2);
  });
});
