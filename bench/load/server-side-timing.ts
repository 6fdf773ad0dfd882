import diagnostics from 'node:diagnostics_channel';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { IncomingMessage } from 'node:http';
import { mainThreadSchedstat } from './thread-cpu';

export interface ServerSideCall {
  path: string;
  /** Request received → response finished, on the server. */
  wallMs: number;
  /** The time over that span the server thread was ready to run and waited for a core. */
  waitMs: number;
  /** Garbage collection pauses of the server's heap within that span. */
  gcMs: number;
}

const round = (ns: number) => Math.round(ns / 1e5) / 10;

// Only the wait is read from schedstat: Linux counts it exactly at each switch, while a running
// thread's CPU time there advances by scheduler ticks (4 ms), too coarse for a 1 ms request.

/**
 * Each HTTP request's span as the server lived it, from Node's own HTTP diagnostics channels: no
 * Fastify hook, so nothing is added to requests when not recording. Only for the bench's
 * in-process server (its main thread is the server's event loop).
 */
export function recordServerSide(prefix = '/api/'): { stop: () => ServerSideCall[] } {
  const calls: ServerSideCall[] = [];
  const spans: { call: ServerSideCall; from: number; to: number }[] = [];
  const started = new WeakMap<IncomingMessage, { at: bigint; waitNs: number; from: number }>();
  // GC pauses, to tell a late answer held by the server's own heap from one held by the browser.
  const pauses: { start: number; end: number }[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  const gcWithin = (from: number, to: number) => pauses.reduce((sum, p) => sum + Math.max(0, Math.min(to, p.end) - Math.max(from, p.start)), 0);
  const onStart = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const sched = mainThreadSchedstat();
    if (sched && request.url?.startsWith(prefix)) started.set(request, { at: process.hrtime.bigint(), waitNs: sched.waitNs, from: performance.now() });
  };
  const onFinish = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const start = started.get(request);
    const sched = mainThreadSchedstat();
    if (!start || !sched) return;
    calls.push({
      path: (request.url ?? '').split('?')[0],
      wallMs: round(Number(process.hrtime.bigint() - start.at)),
      waitMs: round(sched.waitNs - start.waitNs),
      // Entries arrive after the pause: read back when the calls are, at stop.
      gcMs: -1,
    });
    spans.push({ call: calls[calls.length - 1], from: start.from, to: performance.now() });
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  diagnostics.subscribe('http.server.response.finish', onFinish);
  return {
    stop: () => {
      diagnostics.unsubscribe('http.server.request.start', onStart);
      diagnostics.unsubscribe('http.server.response.finish', onFinish);
      for (const entry of gc.takeRecords()) pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
      gc.disconnect();
      for (const { call, from, to } of spans) call.gcMs = Math.round(gcWithin(from, to) * 10) / 10;
      return calls;
    },
  };
}
