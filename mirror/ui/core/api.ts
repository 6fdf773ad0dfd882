/**
 * The page's only way to the server. A request that cannot reach it is a `NetworkError` (the page
 * goes "offline" and keeps what it shows); one the server answers with an error is an `ApiError`
 * carrying the server's code and localized message (the region shows its own "unavailable" state).
 */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(`network: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NetworkError';
  }
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ReachabilityListener = (reachable: boolean) => void;

export class Api {
  private readonly listeners = new Set<ReachabilityListener>();
  /** GETs on their way: regions asking for the same thing at once (supplies, at start) share one request. */
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(private readonly token: string, private readonly timeoutMs = 10_000) {}

  onReachability(listener: ReachabilityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private report(reachable: boolean): void {
    for (const listener of this.listeners) listener(reachable);
  }

  /** The answer is shared by everyone who asked while it was on its way: treat it as read-only. */
  get<T>(path: string): Promise<T> {
    const running = this.reads.get(path);
    if (running) return running as Promise<T>;
    const read = this.request<T>('GET', path).finally(() => this.reads.delete(path));
    this.reads.set(path, read);
    return read;
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** An authenticated binary (a garment photo), as an object URL the caller must revoke. */
  async objectUrl(path: string): Promise<string> {
    const response = await this.fetch('GET', path);
    if (!response.ok) throw new ApiError(response.status, 'HTTP_' + response.status, response.statusText);
    return URL.createObjectURL(await response.blob());
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // A proxy or a restarting server may answer 502/503/504 without our error body: unreachable.
      if (response.status === 502 || response.status === 504) throw new Error(`gateway ${response.status}`);
      this.report(true);
      return response;
    } catch (err) {
      this.report(false);
      throw new NetworkError(err);
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText);
    }
    return parsed as T;
  }
}
