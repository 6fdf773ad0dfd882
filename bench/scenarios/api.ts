import type { BenchScenario } from '../types';

/** The household API routes every client calls, each against the bare baseline. */
export const apiScenarios: BenchScenario[] = [
  { kind: 'http', name: 'GET /api/v1/household', request: () => ({ method: 'GET', path: '/api/v1/household' }) },
  { kind: 'http', name: 'GET /api/v1/privacy/consents', request: () => ({ method: 'GET', path: '/api/v1/privacy/consents' }) },
];
