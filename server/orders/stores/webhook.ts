import { systemClock, type Clock } from '@server/core/clock';
import { isOrderStatus, type OrderStatus } from '../state-machine';
import { signedHeaders, verify } from './signature';
import { StoreError, type PlaceReceipt, type PlaceRequest, type Product, type StoreAdapter } from './types';

export interface WebhookStoreOptions {
  id: string;
  /** e.g. https://shop.example/miroir; the store serves `GET /products`, `GET /products/:sku`, `POST /orders`. */
  baseUrl: string;
  secret: string;
  leadDays?: number;
  timeoutMs?: number;
}

function isProduct(value: unknown): value is Product {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return typeof p.sku === 'string' && typeof p.name === 'string' && typeof p.price === 'number' && typeof p.currency === 'string' && typeof p.packSize === 'number' && typeof p.unit === 'string';
}

/**
 * A real store behind a signed webhook. Every request is signed (HMAC-SHA256, see signature.ts)
 * and orders carry the idempotency key, both in the body and as `Idempotency-Key`, so the store
 * answers a resend with the order it already has. The store reports progress by calling
 * `POST /api/v1/orders/webhook/<id>`, signed the same way.
 */
export class WebhookStore implements StoreAdapter {
  readonly id: string;
  private readonly products = new Map<string, { product: Product; at: number }>();

  /**
   * `clock` signs and judges signatures, so it is the real clock by default, never the demo clock
   * (MIROIR_FAKE_NOW): the store checks our timestamps against its own real time, and we check its.
   * Tests whose stub store lives in test time pass that time.
   */
  constructor(private readonly options: WebhookStoreOptions, private readonly clock: Clock = systemClock) {
    this.id = options.id;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, extra: Record<string, string> = {}): Promise<unknown> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...signedHeaders(this.options.secret, this.clock.now().getTime(), raw), ...extra },
        body: body === undefined ? undefined : raw,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new StoreError(`store ${this.id} unreachable: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    if (response.status === 404 && method === 'GET') return null;
    if (!response.ok) {
      // Overload and server errors may pass; a refusal (4xx) will not change on a retry.
      const retriable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new StoreError(`store ${this.id} answered ${response.status}`, retriable);
    }
    try {
      return await response.json();
    } catch {
      // A proxy's error page, a truncated body: the store did not answer; maybe it will next time.
      throw new StoreError(`store ${this.id} answered ${response.status} with a body that is not JSON`, true);
    }
  }

  async search(query: string, currency: string): Promise<Product[]> {
    const body = (await this.call('GET', `/products?q=${encodeURIComponent(query)}&currency=${encodeURIComponent(currency)}`)) as { products?: unknown[] } | null;
    return (body?.products ?? []).filter(isProduct);
  }

  async product(sku: string, currency: string): Promise<Product | null> {
    const key = `${sku}|${currency}`;
    const cached = this.products.get(key);
    // Prices are cached briefly (an hour): quotes, checks and reorder decisions do not each wait on the network.
    if (cached && this.clock.now().getTime() - cached.at < 3_600_000) return cached.product;
    const body = await this.call('GET', `/products/${encodeURIComponent(sku)}?currency=${encodeURIComponent(currency)}`);
    if (!isProduct(body)) return null;
    this.products.set(key, { product: body, at: this.clock.now().getTime() });
    return body;
  }

  leadDays(): number {
    return this.options.leadDays ?? 2;
  }

  async place(request: PlaceRequest): Promise<PlaceReceipt> {
    const body = (await this.call('POST', '/orders', request, { 'idempotency-key': request.idempotencyKey })) as { ref?: unknown; status?: unknown } | null;
    if (!body || typeof body.ref !== 'string') throw new StoreError(`store ${this.id} sent no order reference`, true);
    const status: OrderStatus = typeof body.status === 'string' && isOrderStatus(body.status) ? body.status : 'placed';
    return { ref: body.ref, status };
  }

  verifyCallback(rawBody: string, headers: Record<string, string | string[] | undefined>): boolean {
    return verify(this.options.secret, this.clock.now().getTime(), rawBody, headers);
  }
}
