/**
 * The one HTTP client of the mirror page and the household app (the app imports it from here with
 * its own defaults). A request that cannot reach the server is a `NetworkError` (the page goes
 * "offline" and keeps what it shows); one the server refuses is an `ApiError` carrying the
 * server's code, its localized message and, when it concerns one input, its `field` (a form shows
 * it beside that input). Reads and idempotent writes (PUT, PATCH, DELETE, and POSTs the caller
 * marks safe to repeat) are retried with backoff when the network drops, if the caller asks for
 * retries; other POSTs never are, so nothing is created twice.
 */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(`network: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NetworkError';
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** A POST that may be repeated without effect (approve, cancel, a feedback with its own id). */
  retry?: boolean;
  headers?: Record<string, string>;
}

export interface ApiOptions {
  timeoutMs?: number;
  /**
   * Delays between attempts after a network failure; their count is the number of retries. None
   * by default: the mirror's live stream already tells it when the server is back.
   */
  retryDelaysMs?: number[];
  fetch?: typeof fetch;
  /**
   * The server's batch route (`BATCH_READS_PATH`): reads of `/api/v1/` asked in the same task
   * (the mirror's regions at start and after a burst of events) go there as one request, each
   * answered as if it came alone. Without it every read is a request of its own.
   */
  batchPath?: string;
}

export type ReachabilityListener = (reachable: boolean) => void;
/** Told when the server no longer knows the token (revoked from another phone, household erased). */
export type SignedOutListener = () => void;

interface ErrorBody {
  error?: { code?: string; message?: string; field?: string };
}

interface QueuedRead {
  path: string;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** The body or the ApiError of one answer, whether it came alone or in a batch. */
function answerOf(status: number, statusText: string, parsed: unknown): { ok: true; value: unknown } | { ok: false; error: ApiError } {
  if (status >= 200 && status < 300) return { ok: true, value: parsed };
  const error = (parsed as ErrorBody | null)?.error;
  return { ok: false, error: new ApiError(status, error?.code ?? `HTTP_${status}`, error?.message ?? statusText, error?.field) };
}

export class Api {
  private readonly listeners = new Set<ReachabilityListener>();
  private readonly signedOut = new Set<SignedOutListener>();
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: number[];
  private readonly fetchImpl: typeof fetch;
  /** GETs on their way: regions asking for the same thing at once (supplies, at start) share one request. */
  private readonly reads = new Map<string, Promise<unknown>>();
  private readonly batchPath: string | null;
  /** Reads asked in this task, sent together once it ends (see `batchPath`). */
  private queued: QueuedRead[] = [];

  constructor(
    /** Null before a phone is connected: only public routes (the join-code redeem) answer then. */
    private readonly token: string | null,
    options: ApiOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [];
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.batchPath = options.batchPath ?? null;
  }

  onReachability(listener: ReachabilityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSignedOut(listener: SignedOutListener): () => void {
    this.signedOut.add(listener);
    return () => this.signedOut.delete(listener);
  }

  /** The answer is shared by everyone who asked while it was on its way: treat it as read-only. */
  get<T>(path: string): Promise<T> {
    const running = this.reads.get(path);
    if (running) return running as Promise<T>;
    const batchPath = path.startsWith('/api/v1/') ? this.batchPath : null;
    const read = (batchPath ? this.queue<T>(batchPath, path) : this.json<T>('GET', path)).finally(() => this.reads.delete(path));
    this.reads.set(path, read);
    return read;
  }

  private queue<T>(batchPath: string, path: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queued.length === 0) queueMicrotask(() => void this.flush(batchPath));
      this.queued.push({ path, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** One read alone goes as itself (its own name in the logs); several go as one batch. */
  private async flush(batchPath: string): Promise<void> {
    const reads = this.queued;
    this.queued = [];
    if (reads.length === 1) {
      const [read] = reads;
      this.json('GET', read.path).then(read.resolve, read.reject);
      return;
    }
    try {
      const { responses } = await this.json<{ responses: { status: number; body: unknown }[] }>('POST', batchPath, { paths: reads.map((r) => r.path) }, { retry: true });
      reads.forEach((read, i) => {
        const one = responses[i] ?? { status: 502, body: null };
        const answer = answerOf(one.status, 'no answer in the batch', one.body);
        if (answer.ok) read.resolve(answer.value);
        else read.reject(answer.error);
      });
    } catch (err) {
      for (const read of reads) read.reject(err);
    }
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.json<T>('POST', path, body, options);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', path, body);
  }

  async delete(path: string, body?: unknown): Promise<void> {
    await this.json<null>('DELETE', path, body);
  }

  /** A multipart upload (a garment photo) by PUT: repeating it replaces the same file. */
  async upload<T>(path: string, form: FormData): Promise<T> {
    return this.parse<T>(await this.send('PUT', path, form));
  }

  /** An authenticated binary (a photo, the export) as a Blob. */
  async blob(path: string): Promise<Blob> {
    const response = await this.send('GET', path);
    if (!response.ok) await this.parse<null>(response);
    return response.blob();
  }

  /** An authenticated binary (a garment photo), as an object URL the caller must revoke. */
  async objectUrl(path: string): Promise<string> {
    return URL.createObjectURL(await this.blob(path));
  }

  /**
   * A long-lived GET (the event stream) with this page's credential: no timeout, `signal` ends it.
   * The caller reads the body and tells its own reachability.
   */
  stream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    const all: Record<string, string> = { accept: 'text/event-stream', ...headers };
    if (this.token) all.authorization = `Bearer ${this.token}`;
    return this.fetchImpl(path, { headers: all, cache: 'no-store', signal });
  }

  private json<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), options).then((r) => this.parse<T>(r));
  }

  private async send(method: Method, path: string, body?: string | FormData, options: RequestOptions = {}): Promise<Response> {
    const repeatable = method !== 'POST' || options.retry === true;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.fetchImpl(path, { method, headers, body, cache: 'no-store', signal: AbortSignal.timeout(this.timeoutMs) });
        // A proxy or a restarting server may answer 502/504 without our error body: unreachable.
        if (response.status === 502 || response.status === 504) throw new Error(`gateway ${response.status}`);
        this.report(true);
        if (response.status === 401 && this.token) for (const listener of this.signedOut) listener();
        return response;
      } catch (err) {
        this.report(false);
        const delay = this.retryDelaysMs[attempt];
        if (!repeatable || delay === undefined) throw new NetworkError(err);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const answer = answerOf(response.status, response.statusText, parsed);
    if (!answer.ok) throw answer.error;
    return answer.value as T;
  }

  private report(reachable: boolean): void {
    for (const listener of this.listeners) listener(reachable);
  }
}
