import type { FastifyInstance } from 'fastify';

export interface BenchContext {
  app: FastifyInstance;
  baseUrl: string;
  householdId: string;
  token: string;
  profileId: string;
  dataDir: string;
}

/** One row of the results table. Latencies in ms; `ratio` is throughput against the baseline. */
export interface BenchRow {
  name: string;
  requestsPerSec?: number;
  p50?: number;
  p99?: number;
  ratio?: number;
  /** Anything else a scenario measures (e.g. forecast error, heap MB), printed as key=value. */
  extra?: Record<string, number | string>;
}

export interface HttpScenario {
  kind: 'http';
  name: string;
  /** Prepares data (a wardrobe of N garments…) before the load. */
  setup?(ctx: BenchContext): Promise<void>;
  request(ctx: BenchContext): { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown; headers?: Record<string, string> };
  /** Seconds of load; defaults to the harness's. */
  duration?: number;
}

export interface CustomScenario {
  kind: 'custom';
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export type BenchScenario = HttpScenario | CustomScenario;
