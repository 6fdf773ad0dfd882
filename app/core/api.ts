import { Api as SharedApi, type ApiOptions } from '@mirror/ui/core/api';

export { ApiError, NetworkError, type ApiOptions, type Method, type ReachabilityListener, type RequestOptions, type SignedOutListener } from '@mirror/ui/core/api';

/**
 * The app's way to the server: the mirror's client (one implementation) with the app's defaults.
 * A phone on a flaky network retries reads and repeatable writes with backoff, and waits longer
 * than the mirror on the wall; a create is never retried, so the person is told and the form
 * keeps its content.
 */
export class Api extends SharedApi {
  constructor(token: string | null, options: ApiOptions = {}) {
    super(token, { timeoutMs: 15_000, retryDelaysMs: [500, 1500, 4000], ...options });
  }
}
