import { Api, ApiError, NetworkError } from '@app/core/api';
import { camelFromCode, showError } from '@app/core/errors';
import { I18n } from '@app/core/i18n';

/** The app's API client against a scripted fetch: retries, errors, codes mapped to words. */
function scripted(...steps: (Response | Error)[]) {
  const calls: { url: string; method: string }[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), method: init?.method ?? 'GET' });
    const step = steps.shift();
    if (!step) throw new Error('no more steps');
    if (step instanceof Error) throw step;
    return step;
  };
  return { calls, fetch: fetchImpl as typeof fetch };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the app’s API client', () => {
  it('says when the server no longer knows the token (a revoked phone), and sends no header before a phone is connected', async () => {
    const headers: (string | null)[] = [];
    const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      headers.push(new Headers(init?.headers).get('authorization'));
      return json(401, { error: { code: 'UNAUTHORIZED', message: 'no' } });
    }) as typeof fetch;
    const signedIn = new Api('tok', { fetch: fetchImpl });
    let signedOut = 0;
    signedIn.onSignedOut(() => signedOut++);
    await expect(signedIn.get('/api/v1/household')).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toBe(1);
    const anonymous = new Api(null, { fetch: fetchImpl });
    anonymous.onSignedOut(() => signedOut++);
    await expect(anonymous.post('/api/v1/join-codes/redeem', {})).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toBe(1);
    expect(headers).toEqual(['Bearer tok', null]);
  });

  it('retries a read when the network drops, and reports reachability', async () => {
    const s = scripted(new TypeError('Failed to fetch'), json(200, { ok: true }));
    const api = new Api('tok', { fetch: s.fetch, retryDelaysMs: [1, 1] });
    const seen: boolean[] = [];
    api.onReachability((r) => seen.push(r));
    await expect(api.get('/api/v1/x')).resolves.toEqual({ ok: true });
    expect(s.calls).toHaveLength(2);
    expect(seen).toEqual([false, true]);
  });

  it('never repeats a create on its own: the person is told instead', async () => {
    const s = scripted(new TypeError('Failed to fetch'), json(201, {}));
    const api = new Api('tok', { fetch: s.fetch, retryDelaysMs: [1, 1] });
    await expect(api.post('/api/v1/wardrobe/items', { name: 'x' })).rejects.toBeInstanceOf(NetworkError);
    expect(s.calls).toHaveLength(1);
  });

  it('repeats a POST marked safe to repeat, and gives up after its delays', async () => {
    const s = scripted(new TypeError('a'), new TypeError('b'), new TypeError('c'));
    const api = new Api('tok', { fetch: s.fetch, retryDelaysMs: [1, 1] });
    await expect(api.post('/api/v1/outfits/swap', {}, { retry: true })).rejects.toBeInstanceOf(NetworkError);
    expect(s.calls).toHaveLength(3);
  });

  it('turns the server’s error body into an ApiError with its code and field', async () => {
    const s = scripted(json(400, { error: { code: 'VALIDATION_FAILED', message: 'La requête…', field: 'policy.maxPerOrder' } }));
    const api = new Api('tok', { fetch: s.fetch });
    const err = await api.post('/api/v1/supplies', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'policy.maxPerOrder' });
  });

  it('words errors in the person’s language, by code, with the field kept', () => {
    const fr = new I18n('fr');
    const en = new I18n('en');
    expect(camelFromCode('UNKNOWN_KIND')).toBe('unknownKind');
    expect(showError(new ApiError(400, 'UNKNOWN_KIND', 'Unknown kind', 'kind'), fr)).toEqual({ field: 'kind', message: 'Choisissez un type dans la liste, ou une catégorie.' });
    expect(showError(new NetworkError(new Error('x')), en).message).toMatch(/could not be reached/);
    // An unmapped code keeps the server's (localized) message, never a JSON dump.
    expect(showError(new ApiError(409, 'ORDER_AT_STORE', 'La commande est chez le magasin.'), en)).toEqual({ message: 'La commande est chez le magasin.' });
  });
});
