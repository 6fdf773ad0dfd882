import type { BenchScenario } from '../types';

/** Benchmarks of the supplies capability. */
export const suppliesScenarios: BenchScenario[] = [];
