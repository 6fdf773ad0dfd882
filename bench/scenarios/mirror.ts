import type { BenchScenario } from '../types';

/** Benchmarks of the mirror capability. */
export const mirrorScenarios: BenchScenario[] = [];
