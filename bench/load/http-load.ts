import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface HttpLoad {
  url: string;
  connections: number;
  duration: number;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Device readings instead of one fixed request: each request from the next device of the fleet, every reading id new. */
  telemetry?: { fleet: { id: string; token: string; supplyId: string }[]; batch: number; idPrefix: string };
}

export interface HttpLoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon on a thread of its own (see http-load.worker.ts) and resolves with its figures. */
export function runHttpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'load', 'http-load.worker.js'), { workerData: load });
    worker.once('message', (result: HttpLoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`the load generator exited with ${code}`));
    });
  });
}
