import type { FastifyInstance } from 'fastify';

export interface DrainOptions {
  /** Readiness answers 503 this long before the server stops accepting (the load balancer notices). */
  graceMs: number;
  /** The requests still being answered are waited for at most this long. */
  requestsTimeoutMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A graceful stop (SIGTERM): readiness goes false at once and new event streams are refused, the
 * open ones are ended with a short `retry:` (each page reconnects, through the load balancer, to
 * another instance and resumes from its last event id), then, once the load balancer has had
 * `graceMs` to notice, the requests in flight are waited for and the app closes (background jobs
 * finish their run, the event relay shares what was published, the store closes).
 */
export async function drainAndClose(app: FastifyInstance, options: DrainOptions): Promise<void> {
  app.fleet.startDrain();
  app.mirror.drain();
  await sleep(options.graceMs);
  const until = Date.now() + options.requestsTimeoutMs;
  while (app.fleet.inFlight() > 0 && Date.now() < until) await sleep(20);
  await app.close();
}
