import { ProviderError, type ProviderRequest } from './types';

export interface FetchPolicy {
  /** Per attempt, for headers and body together. */
  timeoutMs: number;
  attempts: number;
  /** First pause between attempts; doubled each time, with ±20 % jitter so many mirrors do not retry in step. */
  backoffMs: number;
}

export interface FetchedJson {
  body: unknown;
  /** How long the provider says the answer stays fresh (Expires − Date), when it says so. */
  freshForMs: number | null;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3), relative to the response's Date. */
export function retryAfterMs(value: string | null, dateHeader: string | null): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  const base = dateHeader ? Date.parse(dateHeader) : Date.now();
  return Math.max(0, at - (Number.isNaN(base) ? Date.now() : base));
}

function freshness(headers: Headers): number | null {
  const expires = Date.parse(headers.get('expires') ?? '');
  const date = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(expires) || Number.isNaN(date)) return null;
  return expires > date ? expires - date : null;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function attempt(request: ProviderRequest, timeoutMs: number, signal?: AbortSignal): Promise<FetchedJson> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, { headers: request.headers, signal: combined, redirect: 'follow' });
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) {
      await response.body?.cancel();
      throw new ProviderError('invalid', `body of ${length} bytes is too large`);
    }
    text = await response.text();
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    if (timeout.aborted) throw new ProviderError('timeout', `no answer within ${timeoutMs} ms`);
    throw new ProviderError('network', err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err));
  }
  if (response.status === 429 || (response.status === 503 && response.headers.has('retry-after'))) {
    const wait = retryAfterMs(response.headers.get('retry-after'), response.headers.get('date'));
    throw new ProviderError('rate_limited', `HTTP ${response.status}`, { status: response.status, retryAfterMs: wait ?? undefined });
  }
  if (!response.ok) throw new ProviderError('http', `HTTP ${response.status}`, { status: response.status });
  if (text.trim() === '') throw new ProviderError('empty', 'empty body');
  try {
    return { body: JSON.parse(text) as unknown, freshForMs: freshness(response.headers) };
  } catch {
    // A body that starts like JSON and does not parse was cut off; anything else (an HTML error page) is garbage.
    const looksLikeJson = /^\s*[[{]/.test(text);
    throw new ProviderError(looksLikeJson ? 'truncated' : 'invalid', looksLikeJson ? 'truncated JSON' : 'not JSON');
  }
}

/**
 * GET a provider's JSON with a timeout per attempt and retries with backoff for faults that may
 * pass (network, timeout, 5xx, a cut-off body). A 429 is not retried here: the caller remembers
 * the Retry-After and stays away until then.
 */
export async function fetchJson(request: ProviderRequest, policy: FetchPolicy, signal?: AbortSignal): Promise<FetchedJson> {
  let last: ProviderError | null = null;
  for (let i = 0; i < Math.max(1, policy.attempts); i++) {
    if (i > 0) {
      const base = policy.backoffMs * 2 ** (i - 1);
      await sleep(base * (0.8 + Math.random() * 0.4), signal);
    }
    if (signal?.aborted) throw last ?? new ProviderError('network', 'aborted');
    try {
      return await attempt(request, policy.timeoutMs, signal);
    } catch (err) {
      last = err instanceof ProviderError ? err : new ProviderError('network', String(err));
      if (!last.retryable || signal?.aborted) throw last;
    }
  }
  throw last ?? new ProviderError('network', 'no attempt made');
}
