import type { Response } from 'undici';
import { AppError } from '@server/core/errors';
import { FeedAddressRefused, type FeedNetwork } from './feed-guard';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { kind: 'notModified' }
  | { kind: 'fetched'; text: string; etag: string | null; lastModified: string | null };

/** `webcal://` is what calendar sites link to; it is plain HTTPS underneath. Anything but http(s) is refused. */
export function normaliseFeedUrl(raw: string): string {
  const trimmed = raw.trim();
  const mapped = /^webcals?:\/\//i.test(trimmed) ? trimmed.replace(/^webcals?:\/\//i, 'https://') : trimmed;
  let url: URL;
  try {
    url = new URL(mapped);
  } catch {
    throw new AppError('calendar.invalidUrl', 400, { url: trimmed });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('calendar.invalidUrl', 400, { url: trimmed });
  if (url.username || url.password) {
    // Credentials in a stored URL would be shown back in every listing.
    throw new AppError('calendar.invalidUrl', 400, { url: `${url.protocol}//…@${url.host}` });
  }
  return url.toString();
}

/**
 * Fetches a feed with a timeout and a size cap enforced while streaming (a feed bigger than the cap
 * is aborted as soon as it crosses it, not after it has filled memory), and with the validators of
 * the last fetch so an unchanged feed costs a 304. Every connection goes through `network`, which
 * refuses this machine and the home network (SSRF): such a feed gets one generic error,
 * `FEED_ADDRESS_REFUSED`, whatever is or is not listening there.
 */
export async function fetchFeed(url: string, validators: Validators, limits: FetchLimits, network: FeedNetwork, stop?: AbortSignal): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const onStop = (): void => controller.abort();
  stop?.addEventListener('abort', onStop, { once: true });
  const headers: Record<string, string> = {
    accept: 'text/calendar, text/plain;q=0.8, */*;q=0.5',
    'user-agent': 'Miroir/0.1 (calendar feed reader)',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  try {
    if (network.refusesLiteral(url)) throw new AppError('calendar.feedAddressRefused', 422);
    let response: Response;
    try {
      const { fetch } = await import('undici');
      response = await fetch(url, { headers, signal: controller.signal, redirect: 'follow', dispatcher: await network.dispatcher() });
    } catch (err) {
      if (refused(err)) throw new AppError('calendar.feedAddressRefused', 422);
      if (controller.signal.aborted) throw new AppError('calendar.feedTimeout', 422, { seconds: Math.round(limits.timeoutMs / 1000) });
      throw new AppError('calendar.feedUnreachable', 422, { detail: causeOf(err) });
    }
    if (response.status === 304) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'notModified' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new AppError('calendar.feedHttpError', 422, { status: response.status });
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    const megabytes = Math.round(limits.maxBytes / (1024 * 1024));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      controller.abort();
      throw new AppError('calendar.feedTooLarge', 422, { megabytes });
    }
    const text = await readCapped(response, limits, controller);
    return { kind: 'fetched', text, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}

async function readCapped(response: Response, limits: FetchLimits, controller: AbortController): Promise<string> {
  const megabytes = Math.round(limits.maxBytes / (1024 * 1024));
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limits.maxBytes) {
        controller.abort();
        throw new AppError('calendar.feedTooLarge', 422, { megabytes });
      }
      parts.push(value);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (controller.signal.aborted) throw new AppError('calendar.feedTimeout', 422, { seconds: Math.round(limits.timeoutMs / 1000) });
    throw new AppError('calendar.feedUnreachable', 422, { detail: causeOf(err) });
  } finally {
    try {
      reader.releaseLock();
    } catch {
      // Already released by the abort.
    }
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(parts));
}

function refused(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as Error & { cause?: unknown }).cause, depth++) {
    if (e instanceof FeedAddressRefused) return true;
  }
  return false;
}

function causeOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return err.message;
  }
  return String(err);
}
