import type { BenchScenario } from '../types';

/** Benchmarks of the outfits capability. */
export const outfitsScenarios: BenchScenario[] = [];
