import autocannon from 'autocannon';
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpLoad, HttpLoadResult } from './http-load';
import { telemetryRequests } from './telemetry-requests';

/**
 * The load generator's thread: autocannon parses every response and builds every request, work a
 * real client does on its own machine. Run here, it no longer takes turns with the server on the
 * server's event loop (the machine has two cores; a device fleet has its own).
 */
const load = workerData as HttpLoad;
/** Untyped in autocannon's declarations. */
const aggregateResult = (autocannon as unknown as { aggregateResult(results: unknown[], options: autocannon.Options): autocannon.Result }).aggregateResult;
const options: autocannon.Options = {
  url: load.url,
  connections: load.connections,
  duration: load.duration,
  method: load.method,
  headers: load.headers,
  body: load.body,
  ...(load.telemetry ? { requests: [{ method: 'POST', path: '/', setupRequest: telemetryRequests(load.telemetry) }] } : {}),
};

autocannon(options, (error, raw) => {
  if (error) throw error;
  // Off the main thread autocannon hands back its raw histograms (it expects to be one of its
  // own workers); aggregated here as it would on a main thread.
  const result = aggregateResult([raw], options);
  const out: HttpLoadResult = {
    requestsPerSec: (raw as autocannon.Result & { totalCompletedRequests: number }).totalCompletedRequests / raw.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
  parentPort!.postMessage(out);
});
